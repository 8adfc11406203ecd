using Attachments.Application.Categories.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Categories.Commands.MoveAttachments;

/// <param name="CategoryId">The target category; 0 takes the attachments out of every category.</param>
/// <param name="Ids">Attachments to move; all must exist or none is moved.</param>
public sealed record MoveAttachmentsCommand(long? CategoryId, IReadOnlyList<long> Ids) : IRequest<MoveAttachmentsResult>;

/// <param name="Moved">Attachments whose category changed; those already in the target are left untouched.</param>
public sealed record MoveAttachmentsResult(int Moved);

public sealed class MoveAttachmentsCommandHandler(IApplicationDbContext db, TimeProvider time)
    : IRequestHandler<MoveAttachmentsCommand, MoveAttachmentsResult>
{
    public const int MaxIds = 1000;

    public async Task<MoveAttachmentsResult> Handle(MoveAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var requested = request.CategoryId ?? 0;
        long? categoryId = requested == 0 ? null : requested;
        if (categoryId is not null && !await db.AttachmentCategories.AnyAsync(c => c.Id == categoryId, cancellationToken))
            throw UnknownCategory(requested);

        var ids = request.Ids.Distinct().ToList();
        var found = await db.Attachments.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(found).Order().ToList();
        if (missing.Count != 0)
        {
            throw new NotFoundException(
                $"{(missing.Count == 1 ? "Attachment" : "Attachments")} {string.Join(", ", missing)} " +
                $"{(missing.Count == 1 ? "does" : "do")} not exist; nothing was moved.");
        }

        try
        {
            var moved = await db.Attachments
                .Where(a => ids.Contains(a.Id) && a.CategoryId != categoryId)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(a => a.CategoryId, categoryId).SetProperty(a => a.UpdatedTime, time.GetUtcNow()),
                    cancellationToken);
            return new MoveAttachmentsResult(moved);
        }
        catch (Exception e) when (DatabaseErrors.IsForeignKeyViolation(e))
        {
            // The category was deleted between the check above and the update.
            throw UnknownCategory(requested, e);
        }
    }

    // Worded as the upload's refusal of an unknown category_id, so clients see one message for one mistake.
    private static ValidationException UnknownCategory(long categoryId, Exception? inner = null)
    {
        var message = $"category_id {categoryId} does not exist; create the category first or send 0.";
        return inner is null ? new ValidationException(message) : new ValidationException(message, inner);
    }
}
