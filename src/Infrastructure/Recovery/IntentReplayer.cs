using System.Text.Json;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Attachments.Infrastructure.Recovery;

/// <summary>
/// Settles journal records against the database: asks what became of the row each one is about, then
/// keeps, undoes or cleans up its files, and removes the record (docs/decisions/011-crash-recovery.md).
/// </summary>
public sealed class IntentReplayer(AttachmentsDbContext db, DiskFileStorage storage, ILogger<IntentReplayer> logger)
{
    private const string ThumbPrefix = "thumb_";

    /// <summary>
    /// Settles the records at <paramref name="recordPaths"/>, each removed once its files are settled; a
    /// record that cannot be read is logged and left. Backups and trash are looked up beside their record.
    /// </summary>
    /// <exception cref="Exception">The database failed; records settled before it are removed, the rest stay.</exception>
    public async Task SettleAsync(IReadOnlyList<string> recordPaths, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        if (recordPaths.Count == 0)
            return;

        // SHARE mode waits for every transaction that has written to attachments and keeps new writes out
        // until this one ends: no writer is between its row change and its commit while a record is judged,
        // so the row read here is the outcome, and no live upload can place a file just judged to be removed.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Waiting is bounded, as writers queue behind this lock; the caller tries again later.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '5s'", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE attachments IN SHARE MODE", cancellationToken);

        foreach (var path in recordPaths)
        {
            if (!File.Exists(path))
                continue;

            StorageIntent intent;
            try
            {
                intent = JournalRecords.Read(path);
            }
            catch (JsonException e)
            {
                logger.LogError(e, "Journal record {Record} cannot be read; it is left for an administrator", path);
                continue;
            }

            var folder = Path.GetDirectoryName(path)!;
            await (intent switch
            {
                PlaceIntent place => SettleAsync(place, counts, cancellationToken),
                ReplaceIntent replace => SettleAsync(replace, folder, counts, cancellationToken),
                DeleteIntent delete => SettleAsync(delete, folder, counts, cancellationToken),
                MoveIntent move => SettleAsync(move, counts, cancellationToken),
                _ => throw new InvalidOperationException($"No rule settles {intent.GetType().Name}."),
            });
            File.Delete(path);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writers kept the table locked longer than this replayer waits.</summary>
    public static bool IsLockTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
                return true;
        }

        return false;
    }

    private async Task SettleAsync(PlaceIntent intent, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        foreach (var location in intent.Locations)
        {
            if (!await IsReferencedAsync(location, cancellationToken) && DeleteIfPresent(storage.FullPath(location)))
                counts.PlacedFilesRemoved++;
        }
    }

    private async Task SettleAsync(ReplaceIntent intent, string folder, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var row = await RowAsync(intent.AttachmentId, cancellationToken);
        // Processing an image in place keeps its md5; only the row's is_processed then tells whether it committed.
        var rolledBack = row is not null && row.FileMd5 == intent.OldMd5 && (intent.OldMd5 != intent.NewMd5 || !row.IsProcessed);
        foreach (var file in intent.Files)
        {
            var backup = file.BackupPath is null ? null : Beside(folder, file.BackupPath);
            if (!rolledBack)
            {
                // Committed, or the row changed or went since: what is at the location now is the later content.
                if (backup is not null && DeleteIfPresent(backup))
                    counts.BackupsDropped++;
                continue;
            }

            var target = storage.FullPath(CurrentLocation(file.Location, intent.FileLocation, row!.FileLocation));
            if (backup is null)
            {
                // There was no file before the replace either.
                if (DeleteIfPresent(target))
                    counts.PlacedFilesRemoved++;
            }
            else if (File.Exists(backup))
            {
                File.Move(backup, target, overwrite: true);
                counts.BackupsRestored++;
            }

            // A backup path with no backup: killed before the copy finished, so the target was never replaced.
        }
    }

    private async Task SettleAsync(DeleteIntent intent, string folder, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        foreach (var file in intent.Files)
        {
            var trash = Beside(folder, file.TrashPath);
            if (!File.Exists(trash))
                continue;

            var row = await RowAsync(file.AttachmentId, cancellationToken);
            var target = storage.FullPath(file.Location);
            if (row is not null && row.FileMd5 == file.Md5 && References(row, file.Location) && !File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(trash, target);
                counts.TrashRestored++;
            }
            else
            {
                File.Delete(trash);
                counts.TrashDeleted++;
            }
        }
    }

    private async Task SettleAsync(MoveIntent intent, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var row = await RowAsync(intent.AttachmentId, cancellationToken);
        if (row?.FileLocation == intent.ToLocation)
            return;

        foreach (var file in intent.Files.Reverse())
        {
            var to = storage.FullPath(file.To);
            if (!File.Exists(to))
                continue;

            if (row?.FileLocation == intent.FromLocation)
            {
                var from = storage.FullPath(file.From);
                if (File.Exists(from))
                    continue;

                Directory.CreateDirectory(Path.GetDirectoryName(from)!);
                File.Move(to, from);
                counts.MovesUndone++;
            }
            else if (row is null && !await IsReferencedAsync(file.To, cancellationToken))
            {
                // The row was deleted after the crash, its delete finding no file where the row said.
                File.Delete(to);
                counts.PlacedFilesRemoved++;
            }
            else
            {
                logger.LogWarning(
                    "Left {Location} as it is: attachment {Id} has moved on to {Current} since the move it was part of",
                    file.To, intent.AttachmentId, row?.FileLocation);
            }
        }
    }

    private Task<StoredRow?> RowAsync(long id, CancellationToken cancellationToken) =>
        db.Attachments.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new StoredRow(a.FileLocation, a.FileMd5, a.IsImage, a.IsProcessed))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Whether a row has <paramref name="location"/> as its file or as its image's thumbnail.</summary>
    private Task<bool> IsReferencedAsync(string location, CancellationToken cancellationToken)
    {
        var slash = location.LastIndexOf('/');
        var owner = location.AsSpan(slash + 1).StartsWith(ThumbPrefix, StringComparison.Ordinal)
            ? location[..(slash + 1)] + location[(slash + 1 + ThumbPrefix.Length)..]
            : null;
        return db.Attachments.AnyAsync(
            a => a.FileLocation == location || (owner != null && a.IsImage && a.FileLocation == owner), cancellationToken);
    }

    private static bool References(StoredRow row, string location) =>
        row.FileLocation == location || (row.IsImage && Attachment.ThumbLocationFor(row.FileLocation) == location);

    /// <summary>Where a file of the intent is now, when the row has moved since (a thumbnail follows its image).</summary>
    private static string CurrentLocation(string location, string intentLocation, string rowLocation)
    {
        if (location == intentLocation)
            return rowLocation;

        return location == Attachment.ThumbLocationFor(intentLocation) ? Attachment.ThumbLocationFor(rowLocation) : location;
    }

    /// <summary>
    /// A temp file named by a record, looked up in the record's own folder: that is where it was written,
    /// even if the storage root has been mounted elsewhere since, and nothing outside it is touched.
    /// </summary>
    private static string Beside(string folder, string tempPath) => Path.Combine(folder, Path.GetFileName(tempPath));

    private static bool DeleteIfPresent(string path)
    {
        if (!File.Exists(path))
            return false;

        File.Delete(path);
        return true;
    }

    private sealed record StoredRow(string FileLocation, string FileMd5, bool IsImage, bool IsProcessed);
}
