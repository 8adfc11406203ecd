using Attachments.Application.Categories.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Categories.Commands.DeleteCategory;

public sealed record DeleteCategoryCommand(long Id) : IRequest<Unit>;

public sealed class DeleteCategoryCommandHandler(IApplicationDbContext db) : IRequestHandler<DeleteCategoryCommand, Unit>
{
    public async Task<Unit> Handle(DeleteCategoryCommand request, CancellationToken cancellationToken)
    {
        var id = request.Id;
        var held = await db.AttachmentCategories
            .Where(c => c.Id == id)
            .Select(c => (int?)c.Attachments.Count)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Category {id} does not exist.");

        if (held > 0)
            throw HoldsAttachments(id, held);

        int deleted;
        try
        {
            deleted = await db.AttachmentCategories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsForeignKeyViolation(e))
        {
            // An attachment was moved or uploaded into the category after it was counted; the
            // ON DELETE RESTRICT foreign key refused the delete.
            var now = await db.Attachments.CountAsync(a => a.CategoryId == id, cancellationToken);
            throw HoldsAttachments(id, Math.Max(now, 1), e);
        }

        if (deleted == 0)
            throw new NotFoundException($"Category {id} does not exist.");

        return Unit.Value;
    }

    private static ConflictException HoldsAttachments(long id, int count, Exception? inner = null)
    {
        var message = $"Category {id} holds {count} attachment{(count == 1 ? "" : "s")}; move or delete {(count == 1 ? "it" : "them")} first.";
        return inner is null ? new ConflictException(message) : new ConflictException(message, inner);
    }
}
