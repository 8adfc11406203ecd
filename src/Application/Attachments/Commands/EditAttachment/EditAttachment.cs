using Attachments.Application.Attachments.Common;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using AutoMapper;
using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Common.Options;
using MediatR;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.EditAttachment;

/// <param name="FileName">A new display name.</param>
/// <param name="FileLocation">A new place for the file under <c>uploads/</c>, same extension; the thumbnail follows.</param>
/// <param name="FocusX">A new focal point (with <paramref name="FocusY"/>), 0–1; the crops made around the old one go.</param>
/// <param name="Visibility">Public or private: the files move between <c>uploads/</c> and <c>private/uploads/</c>.</param>
/// <param name="Alt">New alt text; "" clears it.</param>
/// <param name="Caption">A new caption; "" clears it.</param>
/// <param name="Tags">The tags, replacing the ones before; [] clears them.</param>
public sealed record EditAttachmentCommand(
    long Id, string? FileName = null, string? FileLocation = null, double? FocusX = null, double? FocusY = null, Visibility? Visibility = null,
    string? Alt = null, string? Caption = null, IReadOnlyList<string>? Tags = null)
    : ICommand<AttachmentDto>;

public sealed class EditAttachmentCommandHandler(
    IApplicationDbContext db, IFileStorage storage, TimeProvider time, IMapper mapper, IMediator mediator, IOptions<ImageOptions> images)
    : IRequestHandler<EditAttachmentCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(EditAttachmentCommand request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {request.Id} does not exist.");

        if (request.FileName is not null)
            attachment.FileName = FileNames.ToEditedDisplayName(request.FileName);

        if (request.Alt is not null)
            attachment.Alt = request.Alt.Trim();

        if (request.Caption is not null)
            attachment.Caption = request.Caption.Trim();

        if (request.Tags is not null)
            attachment.Tags = [.. request.Tags.Select(t => t.Trim()).DistinctBy(t => t.ToLowerInvariant())];

        var focus = (request.FocusX ?? attachment.FocusX, request.FocusY ?? attachment.FocusY);
        var focusMoved = focus != (attachment.FocusX, attachment.FocusY);
        if (focusMoved && !attachment.IsImage)
            throw new ValidationException("focus_x and focus_y are for images; this attachment is not one.");

        (attachment.FocusX, attachment.FocusY) = focus;
        attachment.UpdatedTime = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        var newLocation = request.FileLocation?.Trim();
        if (newLocation is not null && newLocation != attachment.FileLocation)
            await MoveAsync(attachment, newLocation, cancellationToken);

        if (request.Visibility is { } visibility)
            await AttachmentFiles.SetVisibilityAsync(db, attachment, visibility, time.GetUtcNow(), cancellationToken);

        if (focusMoved)
        {
            // Every crop depends on the focal point: the derivatives go (remade on request), and a cropped thumbnail is made again.
            await AttachmentFiles.RemoveDerivativesAsync(db, attachment.Id, cancellationToken);
            if (images.Value.ThumbMode == ThumbMode.Crop)
                await mediator.Send(new BuildThumbnailCommand(attachment.FileLocation), cancellationToken);
        }

        return mapper.Map<AttachmentDto>(attachment);
    }

    private async Task MoveAsync(Attachment attachment, string newLocation, CancellationToken cancellationToken)
    {
        if (!Path.GetExtension(newLocation).Equals(Path.GetExtension(attachment.FileLocation), StringComparison.OrdinalIgnoreCase))
            throw new ValidationException($"file_location must keep the extension '{Path.GetExtension(attachment.FileLocation)}'.");

        if (await db.Attachments.AnyAsync(a => a.FileLocation == newLocation, cancellationToken))
            throw new ConflictException($"Another attachment is already stored at {newLocation}.");

        var files = new List<(string From, string To)> { (attachment.StoredFileLocation, Attachment.StoredLocationFor(newLocation, attachment.Visibility)) };
        if (attachment.StoredThumbLocation is { } thumb)
            files.Add((thumb, Attachment.StoredLocationFor(Attachment.ThumbLocationFor(newLocation), attachment.Visibility)));

        foreach (var taken in files.Select(f => f.To))
        {
            if (!await storage.ExistsAsync(taken, cancellationToken))
                continue;

            // A file whose row's delete or move has committed goes in a moment: "try again", not a verdict.
            if (await db.PendingFileOperations.AnyAsync(o => o.Locations.Contains(taken), cancellationToken))
                throw new ServiceUnavailableException($"The file at {taken} is being removed or moved by another change; try again shortly.");

            throw new ConflictException($"A file already exists at {taken}; choose another file_location.");
        }

        attachment.FileLocation = newLocation;
        attachment.UpdatedTime = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentLocation))
        {
            throw new ConflictException($"Another attachment is already stored at {newLocation}.", e);
        }

        // The files follow once the row's new location has committed.
        db.PendingFileOperations.Add(PendingFileOperation.Move(attachment.Id, files));
        await db.SaveChangesAsync(cancellationToken);
    }
}
