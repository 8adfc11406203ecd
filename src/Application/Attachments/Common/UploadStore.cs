using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Common;

/// <summary>
/// Turns a staged upload into an attachment: a new one, the existing one with the same bytes, or new bytes for an
/// existing one. Rows change in the command's transaction, and the files follow as a pending file operation once it
/// commits (docs/decisions/016-roll-forward-file-operations.md).
/// </summary>
public sealed class UploadStore(
    IApplicationDbContext db,
    UploadContent content,
    ICurrentUser currentUser,
    TimeProvider time,
    IUploadMetrics metrics,
    IApiDialect dialect,
    ISizesAtUpload sizes)
{
    /// <summary>A new attachment, or the one that already has these bytes.</summary>
    /// <param name="visibility">A new attachment's; an existing one is made private when asked, never public (that takes an edit).</param>
    public async Task<Attachment> AddAsync(
        StagedFile file, long? categoryId, bool imagesOnly, Visibility? visibility, CancellationToken cancellationToken)
    {
        metrics.Received(dialect.Name, file.Length);
        var type = content.Detect(file, imagesOnly);
        var (attachment, outcome) = await FindByMd5Async(file.Md5, cancellationToken) is { } existing
            ? await ReuseAsync(existing, file, type, categoryId, cancellationToken)
            : await StoreNewAsync(file, type, categoryId, visibility ?? Visibility.Public, cancellationToken);
        if (visibility == Visibility.Private)
            await AttachmentFiles.SetVisibilityAsync(db, attachment, Visibility.Private, time.GetUtcNow(), cancellationToken);

        if (outcome == UploadOutcome.Stored)
            sizes.MakeLater(attachment.Id);

        return Completed(attachment, outcome);
    }

    /// <summary>New bytes for attachment <paramref name="id"/>, at its location: its URL stays the same.</summary>
    public async Task<Attachment> ReplaceAsync(long id, StagedFile file, long? categoryId, CancellationToken cancellationToken)
    {
        metrics.Received(dialect.Name, file.Length);
        var type = content.Detect(file, imagesOnly: false);
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {id} does not exist.");

        if (attachment.FileMd5 == file.Md5)
            return Completed(await ReuseAsync(attachment, file, type, categoryId, cancellationToken));

        if (await IdOfMd5Async(file.Md5, cancellationToken) is { } other)
            throw AlreadyStoredAs(other);

        var extension = ExtensionOf(attachment);
        EnsureReplaceable(attachment, type, extension);

        using var prepared = await content.PrepareAsync(file, type, extension, cancellationToken);
        attachment.FileMd5 = file.Md5;
        attachment.OriginalFileName = FileNames.ToOriginalName(file.ClientFileName);
        // A new picture: the old one's focal point need not fit it.
        (attachment.FocusX, attachment.FocusY) = (0.5, 0.5);
        Describe(attachment, prepared, categoryId, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        // A lost race is not a verdict on the request: 503 says "try again", and the retry then replaces the winner's
        // bytes as it would have a second later. Every 4xx must be what the same request gets again.
        catch (DbUpdateConcurrencyException e)
        {
            throw new ServiceUnavailableException($"Attachment {id} was being changed by another request at the same time; nothing was stored. Try again shortly.", e);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentMd5))
        {
            throw await IdOfMd5Async(file.Md5, cancellationToken) is { } winner
                ? AlreadyStoredAs(winner)
                : new ServiceUnavailableException("These bytes were being stored by another request at the same moment; nothing was stored. Try again shortly.", e);
        }

        await AddOperationAsync(prepared.OperationFor(FileOperationKind.Replace, attachment), cancellationToken);
        await AttachmentFiles.RemoveDerivativesAsync(db, attachment.Id, cancellationToken);
        sizes.MakeLater(attachment.Id);
        return Completed(attachment, UploadOutcome.Replaced);
    }

    /// <summary>
    /// Swaps an image a scan indexed as it found it (<see cref="Attachment.IsProcessed"/> false) for what an upload
    /// stores, at the same location and under the same id and md5 (docs/decisions/014-scanned-images-processed.md).
    /// </summary>
    /// <param name="attachment">Tracked, as read before its image was processed.</param>
    /// <returns>False, with nothing changed, when another request changed or deleted the row since it was read.</returns>
    public async Task<bool> ProcessInPlaceAsync(
        Attachment attachment, PreparedContent prepared, long? categoryId, CancellationToken cancellationToken)
    {
        Describe(attachment, prepared, categoryId, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        await AddOperationAsync(prepared.OperationFor(FileOperationKind.Replace, attachment), cancellationToken);
        return true;
    }

    public static string ExtensionOf(Attachment attachment) =>
        Path.GetExtension(attachment.FileLocation).TrimStart('.').ToLowerInvariant();

    private Attachment Completed(Attachment attachment, UploadOutcome outcome)
    {
        metrics.Completed(dialect.Name, outcome, attachment.IsImage, outcome == UploadOutcome.Deduplicated ? 0 : attachment.FileSize);
        return attachment;
    }

    private Attachment Completed((Attachment Attachment, UploadOutcome Outcome) result) => Completed(result.Attachment, result.Outcome);

    private Task<Attachment?> FindByMd5Async(string md5, CancellationToken cancellationToken) =>
        db.Attachments.FirstOrDefaultAsync(a => a.FileMd5 == md5, cancellationToken);

    private async Task<(Attachment, UploadOutcome)> ReuseAsync(
        Attachment existing, StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        if (existing.IsImage && !existing.IsProcessed)
            return await ProcessFoundImageAsync(existing, file, type, categoryId, cancellationToken);

        if (categoryId is not null && existing.CategoryId != categoryId)
        {
            existing.CategoryId = categoryId;
            existing.UpdatedTime = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return (existing, UploadOutcome.Deduplicated);
    }

    /// <summary>A scan indexed these bytes as it found them: now they are stored as an upload stores them, where the row points.</summary>
    private async Task<(Attachment, UploadOutcome)> ProcessFoundImageAsync(
        Attachment existing, StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        using (var prepared = await content.PrepareAsync(file, type, ExtensionOf(existing), cancellationToken))
        {
            if (await ProcessInPlaceAsync(existing, prepared, categoryId, cancellationToken))
                return (existing, UploadOutcome.Deduplicated);
        }

        var entry = db.Attachments.Entry(existing);
        await entry.ReloadAsync(cancellationToken);
        if (entry.State == EntityState.Detached || !existing.IsProcessed)
            throw new ServiceUnavailableException($"Attachment {existing.Id} was changed by another request at the same moment; nothing was stored. Try again shortly.");

        return await ReuseAsync(existing, file, type, categoryId, cancellationToken);
    }

    private async Task<(Attachment, UploadOutcome)> StoreNewAsync(
        StagedFile file, FileType type, long? categoryId, Visibility visibility, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var prepared = await content.PrepareAsync(file, type, UploadContent.OutputExtension(type), cancellationToken);
        var attachment = new Attachment
        {
            FileName = FileNames.ToDisplayName(file.ClientFileName),
            OriginalFileName = FileNames.ToOriginalName(file.ClientFileName),
            FileLocation = AttachmentLocations.For(now, file.Md5, prepared.Extension),
            FileMd5 = file.Md5,
            IsImage = type.IsImage,
            UserId = currentUser.Id,
            CreatedTime = now,
            Visibility = visibility,
        };
        // A new row is created and updated at one moment, however long its image took to process.
        Describe(attachment, prepared, categoryId, now);

        // A concurrent upload of the same bytes waits here on the unique md5 index until this transaction ends.
        db.Attachments.Add(attachment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        // The location is made from the md5, so the same bytes on the same day may trip either unique index first.
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentMd5) || db.IsUniqueViolation(e, UniqueKey.AttachmentLocation))
        {
            db.Attachments.Entry(attachment).State = EntityState.Detached;
            // Only a transient race can get here (the winner was deleted at once): 503, which a client may retry.
            var winner = await FindByMd5Async(file.Md5, cancellationToken)
                ?? throw new ServiceUnavailableException("The same file was being uploaded by another request at the same moment; nothing was stored. Try again shortly.");
            return await ReuseAsync(winner, file, type, categoryId, cancellationToken);
        }

        await AddOperationAsync(prepared.OperationFor(FileOperationKind.Place, attachment), cancellationToken);
        return (attachment, UploadOutcome.Stored);
    }

    private static void Describe(Attachment attachment, PreparedContent prepared, long? categoryId, DateTimeOffset updated)
    {
        attachment.FileSize = prepared.Size;
        attachment.MimeType = prepared.MimeType;
        attachment.Width = prepared.Width;
        attachment.Height = prepared.Height;
        attachment.IsProcessed = true;
        attachment.BlurHash = prepared.Placeholder?.BlurHash;
        attachment.DominantColor = prepared.Placeholder?.DominantColor;
        attachment.CategoryId = categoryId ?? attachment.CategoryId;
        attachment.UpdatedTime = updated;
    }

    // After the row's change, in the same transaction: the row lock orders operations on one location by id.
    private async Task AddOperationAsync(PendingFileOperation operation, CancellationToken cancellationToken)
    {
        db.PendingFileOperations.Add(operation);
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<long?> IdOfMd5Async(string md5, CancellationToken cancellationToken) =>
        db.Attachments.Where(a => a.FileMd5 == md5).Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);

    private static ConflictException AlreadyStoredAs(long otherId) =>
        new($"These bytes are already stored as attachment {otherId}; delete one of them or upload different content.");

    private static void EnsureReplaceable(Attachment attachment, FileType type, string extension)
    {
        if (attachment.IsImage != type.IsImage)
        {
            throw new UnsupportedMediaTypeException(attachment.IsImage
                ? $"Attachment {attachment.Id} is an image; replace it with an image."
                : $"Attachment {attachment.Id} is a '{extension}' file; replace it with a '{extension}' file.");
        }

        if (!type.IsImage && type.Extension != extension)
            throw new UnsupportedMediaTypeException($"Attachment {attachment.Id} is a '{extension}' file; replace it with a '{extension}' file, not '{type.Extension}'.");
    }
}
