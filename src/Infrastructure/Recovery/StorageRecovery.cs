using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Recovery;

/// <summary>
/// Start-up recovery: the temp folders of instances that died (their <c>instance.lock</c> can be taken)
/// get their journal records settled against the database, their temp files removed, their claimed
/// chunked uploads given back, and go. Folders of living instances are left alone
/// (docs/decisions/011-crash-recovery.md).
/// </summary>
public sealed class StorageRecovery(
    StorageInstance instance,
    DiskChunkStore chunks,
    IntentReplayer replayer,
    TimeProvider time,
    ILogger<StorageRecovery> logger)
{
    // A folder without a lock file is one whose process died before locking it, or whose recovery died
    // after removing the lock; since nothing can prove it dead, it waits as long as loose temp files do.
    private static readonly TimeSpan UnlockedFolderAbandonedAfter = TimeSpan.FromHours(1);

    private static readonly TimeSpan LockRetryPause = TimeSpan.FromSeconds(1);
    private const int LockAttempts = 12;

    public async Task<RecoveryCounts> RecoverAsync(CancellationToken cancellationToken)
    {
        var counts = new RecoveryCounts();
        var recovered = 0;
        var temp = new DirectoryInfo(instance.TempRoot);
        var folders = temp.Exists ? temp.EnumerateDirectories().Where(f => f.Name != instance.Id).ToList() : [];
        foreach (var folder in folders)
        {
            if (!TryClaim(folder, out var deadLock))
                continue;

            bool cleared;
            using (deadLock)
                cleared = await RecoverAsync(folder, counts, cancellationToken);

            if (!cleared)
                continue;

            Remove(folder);
            counts.ChunkedUploadsReleased += chunks.ReleaseClaimsOf(folder.Name);
            recovered++;
        }

        logger.LogInformation("Recovered {Folders} dead instance folders: {Counts}", recovered, counts);
        return counts;
    }

    /// <summary>True when <paramref name="folder"/> belongs to no living instance, with its lock held if it has one.</summary>
    private bool TryClaim(DirectoryInfo folder, out FileStream? deadLock)
    {
        deadLock = null;
        if (File.Exists(Path.Combine(folder.FullName, StorageInstance.LockFileName)))
        {
            deadLock = StorageInstance.TryLockFolder(folder.FullName);
            return deadLock is not null;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - UnlockedFolderAbandonedAfter;
        return folder.LastWriteTimeUtc < cutoff && folder.EnumerateFileSystemInfos().All(e => e.LastWriteTimeUtc < cutoff);
    }

    /// <summary>Settles the folder's journal and removes its temp files; false when a record had to be left.</summary>
    private async Task<bool> RecoverAsync(DirectoryInfo folder, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var records = JournalRecords.In(folder.FullName);
        if (records.Count > 0)
        {
            await SettleAsync(folder, records, counts, cancellationToken);
            if (JournalRecords.In(folder.FullName).Count > 0)
            {
                logger.LogError("The temp folder {Folder} of a dead instance keeps journal records that could not be settled; it is left as it is", folder.FullName);
                return false;
            }
        }

        foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name == StorageInstance.LockFileName && file.DirectoryName == folder.FullName)
                continue;

            file.Delete();
            counts.TempFilesRemoved++;
        }

        return true;
    }

    private async Task SettleAsync(DirectoryInfo folder, IReadOnlyList<string> records, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await replayer.SettleAsync(records, counts, cancellationToken);
                return;
            }
            catch (Exception e) when (IntentReplayer.IsLockTimeout(e))
            {
                if (attempt == LockAttempts)
                {
                    throw new InvalidOperationException(
                        $"Start-up recovery could not settle the journal of the dead instance in {folder.FullName}: other writers kept the attachments table busy through {LockAttempts} attempts. Start again once they are done.",
                        e);
                }

                logger.LogInformation("Waiting for writers in flight before settling the journal in {Folder}", folder.FullName);
                await Task.Delay(LockRetryPause, time, cancellationToken);
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                throw new InvalidOperationException(
                    $"Start-up recovery must settle {records.Count} journal records of the dead instance in {folder.FullName} against the database, and the database cannot be reached: {e.Message}",
                    e);
            }
        }
    }

    private void Remove(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Another instance starting at the same moment removed it first.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the recovered temp folder {Folder}; the next start removes it", folder.FullName);
        }
    }
}
