using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

public sealed record DeleteAttachmentsCommand(IReadOnlyList<long> Ids) : ICommand<Unit>;

public sealed class DeleteAttachmentsCommandHandler(IApplicationDbContext db) : IRequestHandler<DeleteAttachmentsCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var ids = request.Ids.Distinct().ToList();
        var attachments = await db.Attachments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var missing = ids.Except(attachments.Select(a => a.Id)).ToList();
        if (missing.Count != 0)
            throw new NotFoundException($"{(missing.Count == 1 ? "No attachment has the id" : "No attachments have the ids")} {string.Join(", ", missing)}; nothing was deleted.");

        await DeleteAsync(db, attachments, cancellationToken);
        return Unit.Value;
    }

    /// <summary>Deletes the rows; their files go once that has committed.</summary>
    internal static async Task DeleteAsync(IApplicationDbContext db, IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken)
    {
        // The derivative rows go with their attachments (a cascade), their files with the attachment's. One made after
        // this read changed its attachment's row version (it locks the row), so the delete below then fails as a
        // concurrent change rather than leave that file behind.
        var ids = attachments.Select(a => a.Id).ToList();
        var derivatives = (await db.AttachmentDerivatives.AsNoTracking()
                .Where(d => ids.Contains(d.AttachmentId))
                .Select(d => new { d.AttachmentId, d.Location })
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.AttachmentId, d => d.Location);
        db.Attachments.RemoveRange(attachments);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ServiceUnavailableException("An attachment was changed by another request at the same moment; nothing was deleted. Try again shortly.", e);
        }

        db.PendingFileOperations.AddRange(attachments.Select(a =>
            PendingFileOperation.Delete(a.Id, [.. a.StoredLocations, .. derivatives[a.Id]])));
        await db.SaveChangesAsync(cancellationToken);
    }
}
