using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

public sealed record DeleteAttachmentsCommand(IReadOnlyList<long> Ids) : IRequest<Unit>;

public sealed class DeleteAttachmentsCommandHandler(IApplicationDbContext db, IFileStorage storage)
    : IRequestHandler<DeleteAttachmentsCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var ids = request.Ids.Distinct().ToList();
        var attachments = await db.Attachments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var missing = ids.Except(attachments.Select(a => a.Id)).ToList();
        if (missing.Count != 0)
            throw new NotFoundException($"No attachment has the id {string.Join(", ", missing)}; nothing was deleted.");

        // Files go to the temp folder first and come back if the rows cannot be deleted: at no point
        // does a row point at a missing file, and a file is never left in uploads/ without its row.
        var trashed = new List<(string Location, string TrashPath)>();
        try
        {
            foreach (var location in attachments.SelectMany(a => new[] { a.FileLocation, a.ThumbLocation }).OfType<string>())
            {
                if (storage.Trash(location) is { } trashPath)
                    trashed.Add((location, trashPath));
            }

            db.Attachments.RemoveRange(attachments);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            foreach (var (location, trashPath) in trashed)
                storage.Place(trashPath, location);
            throw;
        }

        foreach (var (_, trashPath) in trashed)
            storage.DeleteTemp(trashPath);

        return Unit.Value;
    }
}
