using Attachments.Domain.Entities;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Runs long work (scanning, rebuilding thumbnails) outside the request that asked for it, in the database: every
/// instance sees the job and works on it, and it goes on when the instance that started it stops or dies.
/// </summary>
public interface IBackgroundJobs
{
    /// <summary>
    /// Starts a job of <paramref name="kind"/> (one of <see cref="Jobs.Common.JobKinds"/>) unless one is running
    /// already, on any instance; returns the job that runs, new or not. This instance begins on a new one at once.
    /// </summary>
    Task<Job> StartAsync(string kind, CancellationToken cancellationToken);
}
