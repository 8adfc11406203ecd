using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

/// <param name="Permanent">Delete for ever, from the library or from the trash, rather than move to the trash.</param>
public sealed record DeleteAttachmentsCommand(IReadOnlyList<long> Ids, bool Permanent = false) : ICommand<Unit>;

public sealed class DeleteAttachmentsCommandHandler(IApplicationDbContext db, AttachmentTrash trash) : IRequestHandler<DeleteAttachmentsCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var ids = request.Ids.Distinct().ToList();
        var attachments = await db.Attachments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var trashed = request.Permanent
            ? await db.TrashedAttachments.Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken)
            : [];
        var missing = ids.Except(attachments.Select(a => a.Id)).Except(trashed.Select(t => t.Id)).ToList();
        if (missing.Count != 0)
        {
            List<long> inTrash = request.Permanent ? [] : await db.TrashedAttachments.Where(t => missing.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
            throw new NotFoundException(inTrash.Count == missing.Count
                ? $"{Ids(missing)} already in the trash; nothing was deleted. Restore with /api/attachment/restore, or send permanent: true to delete for ever."
                : $"{(missing.Count == 1 ? "No attachment has the id" : "No attachments have the ids")} {string.Join(", ", missing)}; nothing was deleted.");
        }

        if (request.Permanent)
        {
            await trash.DeleteForEverAsync(attachments, cancellationToken);
            await trash.DeleteForEverAsync(trashed, cancellationToken);
        }
        else
        {
            await trash.DeleteAsync(attachments, cancellationToken);
        }

        return Unit.Value;
    }

    private static string Ids(List<long> ids) =>
        ids.Count == 1 ? $"Attachment {ids[0]} is" : $"Attachments {string.Join(", ", ids)} are";
}
