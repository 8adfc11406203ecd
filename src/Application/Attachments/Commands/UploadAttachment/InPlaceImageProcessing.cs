using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <summary>
/// Swaps an image a scan indexed as it found it (<see cref="Attachment.IsProcessed"/> false) for what an upload
/// stores, thumbnail included, at the same location and under the same id and md5: the journalled replace of an
/// upload by id (docs/decisions/014-scanned-images-processed.md).
/// </summary>
public sealed class InPlaceImageProcessing(IApplicationDbContext db, IFileStorage storage, IStorageJournal journal, TimeProvider time)
{
    /// <param name="attachment">Tracked by the request's context, as read before its image was processed.</param>
    /// <param name="content">The processed image, in the format the location names.</param>
    /// <returns>False, with nothing changed, when another request changed or deleted the row since it was read.</returns>
    internal async Task<bool> ApplyAsync(
        Attachment attachment, PreparedContent content, long? categoryId, CancellationToken cancellationToken)
    {
        attachment.FileSize = content.Size;
        attachment.MimeType = content.MimeType;
        attachment.Width = content.Width;
        attachment.Height = content.Height;
        attachment.IsProcessed = true;
        attachment.CategoryId = categoryId ?? attachment.CategoryId;
        attachment.UpdatedTime = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        using var replaced = ReplacedFiles.Record(
            storage, journal, attachment.Id, attachment.FileLocation, attachment.FileMd5, attachment.FileMd5, content.FilesFor(attachment));
        replaced.ReplaceAll();
        await replaced.CommitAsync(transaction);
        return true;
    }
}
