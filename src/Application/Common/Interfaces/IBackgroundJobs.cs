using Attachments.Application.Jobs.Common;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Runs long work (scanning, rebuilding thumbnails) outside the request that asked for it. Jobs live
/// in memory: they end with the process, and their statuses are forgotten at restart.
/// </summary>
public interface IBackgroundJobs
{
    /// <summary>
    /// Starts <typeparamref name="TJob"/> in the background unless a job of <paramref name="kind"/> is
    /// running already; returns the status of the job that runs, new or not.
    /// </summary>
    /// <typeparam name="TJob">Created with its dependencies in a scope of its own, which lasts as long as the job.</typeparam>
    JobDto Start<TJob>(string kind)
        where TJob : class, IBackgroundJob;

    /// <summary>The job's status, or null when no job has that id (any more).</summary>
    JobDto? Find(string id);

    /// <summary>Running jobs and the most recently finished ones, newest first.</summary>
    IReadOnlyList<JobDto> Recent();
}
