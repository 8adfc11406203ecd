namespace Attachments.Application.Common.Interfaces;

/// <summary>Work started through <see cref="IBackgroundJobs"/>.</summary>
public interface IBackgroundJob
{
    /// <param name="cancellationToken">Cancelled when the application shuts down.</param>
    Task RunAsync(IJobContext context, CancellationToken cancellationToken);
}
