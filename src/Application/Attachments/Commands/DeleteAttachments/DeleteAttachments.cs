using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

public sealed record DeleteAttachmentsCommand(IReadOnlyList<long> Ids) : IRequest<Unit>;

public sealed class DeleteAttachmentsCommandHandler(IApplicationDbContext db, IFileStorage storage, IStorageJournal journal)
    : IRequestHandler<DeleteAttachmentsCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var ids = request.Ids.Distinct().ToList();
        var attachments = await db.Attachments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var missing = ids.Except(attachments.Select(a => a.Id)).ToList();
        if (missing.Count != 0)
            throw new NotFoundException($"{(missing.Count == 1 ? "No attachment has the id" : "No attachments have the ids")} {string.Join(", ", missing)}; nothing was deleted.");

        // The rows are deleted (and so locked) before any file moves, and the files go to the temp folder
        // until the commit: no row ever points at a missing file, no file stays in uploads/ without its row,
        // and a concurrent change of these rows waits until the files are settled.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Attachments.RemoveRange(attachments);
        await db.SaveChangesAsync(cancellationToken);

        using var trashed = TrashedFiles.Record(storage, journal, attachments);
        trashed.TrashAll();
        await trashed.CommitAsync(transaction);
        return Unit.Value;
    }
}
