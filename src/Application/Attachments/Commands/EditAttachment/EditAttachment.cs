using Attachments.Application.Attachments.Common;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.EditAttachment;

/// <param name="FileName">A new display name.</param>
/// <param name="FileLocation">A new place for the file under <c>uploads/</c>, same extension; the thumbnail follows.</param>
public sealed record EditAttachmentCommand(long Id, string? FileName = null, string? FileLocation = null)
    : IRequest<AttachmentDto>;

public sealed class EditAttachmentCommandHandler(
    IApplicationDbContext db, IFileStorage storage, IStorageJournal journal, TimeProvider time, IMapper mapper)
    : IRequestHandler<EditAttachmentCommand, AttachmentDto>
{
    public const string UniqueLocationIndex = "ux_attachments_file_location";

    public async Task<AttachmentDto> Handle(EditAttachmentCommand request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {request.Id} does not exist.");

        if (request.FileName is not null)
            attachment.FileName = FileNames.ToEditedDisplayName(request.FileName);

        var newLocation = request.FileLocation?.Trim();
        if (newLocation is null || newLocation == attachment.FileLocation)
        {
            attachment.UpdatedTime = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return mapper.Map<AttachmentDto>(attachment);
        }

        await MoveAsync(attachment, newLocation, cancellationToken);
        return mapper.Map<AttachmentDto>(attachment);
    }

    private async Task MoveAsync(Attachment attachment, string newLocation, CancellationToken cancellationToken)
    {
        if (!Path.GetExtension(newLocation).Equals(Path.GetExtension(attachment.FileLocation), StringComparison.OrdinalIgnoreCase))
            throw new ValidationException($"file_location must keep the extension '{Path.GetExtension(attachment.FileLocation)}'.");

        if (await db.Attachments.AnyAsync(a => a.FileLocation == newLocation, cancellationToken))
            throw new ConflictException($"Another attachment is already stored at {newLocation}.");

        var oldLocation = attachment.FileLocation;
        var oldThumb = attachment.ThumbLocation;
        attachment.FileLocation = newLocation;
        attachment.UpdatedTime = time.GetUtcNow();

        // The row is updated (and so locked) before the files move, and committed after: a crash in between
        // leaves a journal entry that recovery settles by the row's location.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueLocationIndex))
        {
            throw new ConflictException($"Another attachment is already stored at {newLocation}.", e);
        }

        using var moved = MovedFiles.Record(storage, journal, attachment.Id, oldLocation, oldThumb, newLocation);
        moved.MoveAll();
        await moved.CommitAsync(transaction);
    }
}
