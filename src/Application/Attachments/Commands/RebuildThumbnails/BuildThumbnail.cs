using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>(Re)writes <c>thumb_&lt;name&gt;</c> beside a stored image from the image as it is on disk.</summary>
public sealed record BuildThumbnailCommand(string FileLocation) : ICommand<Unit>;

public sealed class BuildThumbnailCommandHandler(IApplicationDbContext db, IFileStorage storage, IImageProcessor images)
    : IRequestHandler<BuildThumbnailCommand, Unit>
{
    public async Task<Unit> Handle(BuildThumbnailCommand request, CancellationToken cancellationToken)
    {
        var location = request.FileLocation;
        var extension = Path.GetExtension(location).TrimStart('.');
        if (!WebImageFormats.IsWebFormat(extension))
            throw new UnsupportedMediaTypeException($"'{extension}' is not a format images are stored in; no thumbnail is made for it.");

        if (!await storage.ExistsAsync(location, cancellationToken))
            throw new NotFoundException("The stored image is missing from the storage folder.");

        using var thumbnail = new StagedContent(storage, storage.NewStagedPath(extension));
        using (var image = await storage.GetLocalCopyAsync(location, cancellationToken))
            await images.WriteThumbnailAsync(image.Path, extension, thumbnail.Path, cancellationToken);

        // A no-op update locks the row, so a delete, move or replace of the image orders its files after this
        // thumbnail, or this after it; if the row went meanwhile, the thumbnail goes with it.
        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.FileLocation == location && a.IsImage)
            .Select(a => new { a.Id })
            .FirstOrDefaultAsync(cancellationToken);
        var locked = attachment is null ? 0 : await db.Attachments
            .Where(a => a.Id == attachment.Id && a.FileLocation == location)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedTime, a => a.UpdatedTime), cancellationToken);
        if (locked == 0)
            throw new NotFoundException($"No image is stored at {location} any more.");

        db.PendingFileOperations.Add(PendingFileOperation.Place(
            FileOperationKind.Replace, attachment!.Id, [(thumbnail.HandOver(), Attachment.ThumbLocationFor(location))]));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
