using Attachments.Application.Attachments.Commands.ForgetExpiredResumableUploads;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// In every instance: applies the pending file operations whose writers did not finish them (on any instance), and
/// deletes staged content, chunked-upload parts and expired tus uploads nothing will use any more, by age.
/// </summary>
public sealed class StorageSweeper(
    IServiceScopeFactory scopes,
    IStoredFiles files,
    IChunkParts chunks,
    IOptions<StorageOptions> storage,
    IOptions<UploadOptions> uploads,
    TimeProvider time,
    ILogger<StorageSweeper> logger) : BackgroundService
{
    /// <summary>Applies every pending operation, whatever its lease: at start-up, before the server listens.</summary>
    public async Task SweepEverythingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FileOperations>().SweepAsync(everything: true, cancellationToken);
    }

    /// <summary>Deletes staged files and folders older than Storage:StagedMaxAge that no pending operation will place.</summary>
    public async Task<int> SweepStagedAsync(CancellationToken cancellationToken)
    {
        // Read before listing: a file staged after this read is younger than any cutoff.
        HashSet<string> referenced;
        await using (var scope = scopes.CreateAsyncScope())
            referenced = await scope.ServiceProvider.GetRequiredService<FileOperations>().ReferencedStagedFilesAsync(cancellationToken);

        var removed = await files.SweepStagedAsync(time.GetUtcNow() - storage.Value.StagedMaxAge, referenced, cancellationToken);

        if (removed > 0)
            logger.LogInformation("Removed {Count} staged files older than {MaxAge} that no pending file operation needs", removed, storage.Value.StagedMaxAge);

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextChunkSweep = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(storage.Value.SweepInterval, time);
        do
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                    await scope.ServiceProvider.GetRequiredService<FileOperations>().SweepAsync(everything: false, stoppingToken);

                await SweepStagedAsync(stoppingToken);
                if (time.GetUtcNow() >= nextChunkSweep)
                {
                    await using (var scope = scopes.CreateAsyncScope())
                        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ForgetExpiredResumableUploadsCommand(), stoppingToken);

                    await chunks.SweepAsync(time.GetUtcNow() - uploads.Value.ChunkMaxAge, stoppingToken);
                    nextChunkSweep = time.GetUtcNow() + uploads.Value.ChunkSweepInterval;
                }
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogDebug(e, "The storage sweep waits for the database");
            }
            // A host that failed to start disposes its services without stopping this loop first; MediatR wraps the
            // disposed provider's exception in its own.
            catch (Exception e) when (e is ObjectDisposedException || e.InnerException is ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stopping here would stop the host; the next sweep tries again.
                logger.LogError(e, "The storage sweep failed; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
