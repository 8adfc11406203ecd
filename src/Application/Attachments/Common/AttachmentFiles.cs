using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Common;

/// <summary>
/// The file operations that follow a change of an attachment's row: every one is added after the row's change is
/// saved, in the same transaction, so that the row lock orders it (docs/decisions/016-roll-forward-file-operations.md).
/// </summary>
public static class AttachmentFiles
{
    /// <summary>Moves the file and thumbnail between <c>uploads/</c> and <c>private/uploads/</c>; the caller saves.</summary>
    public static async Task SetVisibilityAsync(IApplicationDbContext db, Attachment attachment, Visibility visibility, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (attachment.Visibility == visibility)
            return;

        var from = attachment.StoredLocations;
        attachment.Visibility = visibility;
        attachment.UpdatedTime = now;
        await db.SaveChangesAsync(cancellationToken);

        db.PendingFileOperations.Add(PendingFileOperation.Move(attachment.Id, [.. from.Zip(attachment.StoredLocations)]));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the attachment's derivatives, rows now and files once that commits: new bytes, a new focal point or new
    /// size settings make them stale. Call it after the row's own change is saved.
    /// </summary>
    public static async Task RemoveDerivativesAsync(IApplicationDbContext db, long attachmentId, CancellationToken cancellationToken)
    {
        var derivatives = await db.AttachmentDerivatives.Where(d => d.AttachmentId == attachmentId).ToListAsync(cancellationToken);
        if (derivatives.Count == 0)
            return;

        db.AttachmentDerivatives.RemoveRange(derivatives);
        db.PendingFileOperations.Add(PendingFileOperation.Delete(attachmentId, [.. derivatives.Select(d => d.Location)]));
        await db.SaveChangesAsync(cancellationToken);
    }
}
