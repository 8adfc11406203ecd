using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// In every instance: applies the pending file operations whose writers did not finish them (on any instance), and
/// deletes staged content and chunked-upload parts nothing will use any more, by age.
/// </summary>
public sealed class StorageSweeper(
    IServiceScopeFactory scopes,
    ChunkSweeper chunks,
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
        var staging = new DirectoryInfo(storage.Value.StagingDirectory);
        var cutoff = time.GetUtcNow().UtcDateTime - storage.Value.StagedMaxAge;
        var old = staging.Exists ? staging.EnumerateFileSystemInfos().Where(e => e.LastWriteTimeUtc < cutoff).ToList() : [];
        if (old.Count == 0)
            return 0;

        HashSet<string> referenced;
        await using (var scope = scopes.CreateAsyncScope())
            referenced = await scope.ServiceProvider.GetRequiredService<FileOperations>().ReferencedStagedFilesAsync(cancellationToken);

        var removed = 0;
        foreach (var entry in old.Where(e => !referenced.Contains(e.Name)))
        {
            try
            {
                if (entry is DirectoryInfo folder)
                    folder.Delete(recursive: true);
                else
                    entry.Delete();

                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not remove the staged {Name}", entry.Name);
            }
        }

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
                    chunks.Sweep();
                    nextChunkSweep = time.GetUtcNow() + uploads.Value.ChunkSweepInterval;
                }
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogDebug(e, "The storage sweep waits for the database");
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
