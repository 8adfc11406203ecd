using Attachments.Application.Attachments.Common;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.ImageUploadV1.Commands.DeleteImage;

/// <param name="FileName">The stored name, as GetAllImages and UploadImage give it.</param>
public sealed record DeleteImageCommand(string FileName) : ICommand<Unit>;

public sealed class DeleteImageCommandHandler(IApplicationDbContext db, AttachmentTrash trash) : IRequestHandler<DeleteImageCommand, Unit>
{
    public async Task<Unit> Handle(DeleteImageCommand request, CancellationToken cancellationToken)
    {
        var ids = await StoredAs(db.Attachments, request.FileName).Take(2).ToListAsync(cancellationToken);
        if (ids.Count == 0)
            throw new NotFoundException($"No image is stored as '{request.FileName}'.");
        if (ids.Count > 1)
            throw new ConflictException($"More than one attachment is stored as '{request.FileName}'; delete it by id through /api/attachment/delete.");

        var attachments = await db.Attachments.Where(a => a.Id == ids[0]).ToListAsync(cancellationToken);
        if (attachments.Count == 0)
            throw new NotFoundException($"No image is stored as '{request.FileName}'.");

        await trash.DeleteAsync(attachments, cancellationToken);
        return Unit.Value;
    }

    /// <summary>Ids of attachments whose file is named <paramref name="fileName"/>, in any folder (trigram-indexed).</summary>
    internal static IQueryable<long> StoredAs(IQueryable<Attachment> attachments, string fileName)
    {
        var pattern = "%/" + LikePatterns.Escape(fileName);
        return attachments.Where(a => EF.Functions.Like(a.FileLocation, pattern, LikePatterns.EscapeCharacter)).Select(a => a.Id);
    }
}
