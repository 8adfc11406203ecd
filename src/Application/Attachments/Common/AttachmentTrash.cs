using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Common;

/// <summary>
/// What deleting means, for every way of deleting (both dialects): a move to the trash for
/// <c>Attachments:TrashRetention</c>, or at once when that is zero (docs/decisions/027-trash.md). Rows change first, files
/// follow as file operations in the same transaction.
/// </summary>
public sealed class AttachmentTrash(IApplicationDbContext db, IOptions<AttachmentOptions> options, TimeProvider time, ICurrentUser currentUser)
{
    public bool Keeps => options.Value.TrashRetention > TimeSpan.Zero;

    /// <summary>Moves the attachments to the trash, or deletes them when the trash keeps nothing.</summary>
    public Task DeleteAsync(IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken) =>
        Keeps ? MoveToTrashAsync(attachments, cancellationToken) : DeleteForEverAsync(attachments, cancellationToken);

    /// <summary>Deletes the rows; their files and derivatives go once that has committed.</summary>
    public async Task DeleteForEverAsync(IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken)
    {
        var derivatives = await DerivativeLocationsAsync(attachments, cancellationToken);
        db.Attachments.RemoveRange(attachments);
        await SaveRowsAsync(cancellationToken);

        db.PendingFileOperations.AddRange(attachments.Select(a =>
            PendingFileOperation.Delete(a.Id, [.. a.StoredLocations, .. derivatives[a.Id]])));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteForEverAsync(IReadOnlyList<TrashedAttachment> trashed, CancellationToken cancellationToken)
    {
        db.TrashedAttachments.RemoveRange(trashed);
        await SaveRowsAsync(cancellationToken);

        db.PendingFileOperations.AddRange(trashed.Select(t => PendingFileOperation.Delete(t.Id, t.TrashLocations)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task MoveToTrashAsync(IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken)
    {
        var derivatives = await DerivativeLocationsAsync(attachments, cancellationToken);
        var now = time.GetUtcNow();
        var trashed = attachments.Select(a => TrashedAttachment.Of(a, now, currentUser.Id)).ToList();
        db.Attachments.RemoveRange(attachments);
        db.TrashedAttachments.AddRange(trashed);
        await SaveRowsAsync(cancellationToken);

        // Derivatives are caches of the content: they go, and a restored attachment makes them again on request.
        db.PendingFileOperations.AddRange(attachments.Zip(trashed).Select(pair =>
            PendingFileOperation.Move(pair.First.Id, [.. pair.First.StoredLocations.Zip(pair.Second.TrashLocations)])));
        db.PendingFileOperations.AddRange(attachments.Where(a => derivatives[a.Id].Any())
            .Select(a => PendingFileOperation.Delete(a.Id, [.. derivatives[a.Id]])));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ILookup<long, string>> DerivativeLocationsAsync(IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken)
    {
        // The derivative rows go with their attachments (a cascade), their files with the attachment's. One made after
        // this read changed its attachment's row version (it locks the row), so the delete then fails as a concurrent
        // change rather than leave that file behind.
        var ids = attachments.Select(a => a.Id).ToList();
        return (await db.AttachmentDerivatives.AsNoTracking()
                .Where(d => ids.Contains(d.AttachmentId))
                .Select(d => new { d.AttachmentId, d.Location })
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.AttachmentId, d => d.Location);
    }

    private async Task SaveRowsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ServiceUnavailableException("An attachment was changed by another request at the same moment; nothing was deleted. Try again shortly.", e);
        }
    }
}
