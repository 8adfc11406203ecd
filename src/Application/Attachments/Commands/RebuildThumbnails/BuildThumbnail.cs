using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>
/// (Re)writes <c>thumb_&lt;name&gt;</c> beside a stored image from the image as it is stored, and its placeholder in the
/// row; with <paramref name="RemoveDerivatives"/> (the rebuild) its sizes and transforms go too, to be made again
/// with the current settings.
/// </summary>
public sealed record BuildThumbnailCommand(string FileLocation, bool RemoveDerivatives = false) : ICommand<Unit>;

public sealed class BuildThumbnailCommandHandler(IApplicationDbContext db, IFileStorage storage, IImageProcessor images, ISizesAtUpload sizes)
    : IRequestHandler<BuildThumbnailCommand, Unit>
{
    public async Task<Unit> Handle(BuildThumbnailCommand request, CancellationToken cancellationToken)
    {
        var location = request.FileLocation;
        var extension = Path.GetExtension(location).TrimStart('.');
        if (!WebImageFormats.IsWebFormat(extension))
            throw new UnsupportedMediaTypeException($"'{extension}' is not a format images are stored in; no thumbnail is made for it.");

        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.FileLocation == location && a.IsImage)
            .Select(a => new { a.Id, a.Visibility, a.FocusX, a.FocusY })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No image is stored at {location} any more.");
        var stored = Attachment.StoredLocationFor(location, attachment.Visibility);
        if (!await storage.ExistsAsync(stored, cancellationToken))
            throw new NotFoundException("The stored image is missing from the storage folder.");

        using var thumbnail = new StagedContent(storage, storage.NewStagedPath(extension));
        ImagePlaceholder placeholder;
        using (var image = await storage.GetLocalCopyAsync(stored, cancellationToken))
            placeholder = await images.WriteThumbnailAsync(image.Path, extension, thumbnail.Path, new FocalPoint(attachment.FocusX, attachment.FocusY), cancellationToken);

        // The update locks the row, so a delete, move or replace of the image orders its files after this
        // thumbnail, or this after it; if the row went or moved meanwhile, the thumbnail goes with it.
        var locked = await db.Attachments
            .Where(a => a.Id == attachment.Id && a.FileLocation == location && a.Visibility == attachment.Visibility)
            .ExecuteUpdateAsync(
                s => s.SetProperty(a => a.BlurHash, placeholder.BlurHash).SetProperty(a => a.DominantColor, placeholder.DominantColor),
                cancellationToken);
        if (locked == 0)
            throw new NotFoundException($"No image is stored at {location} any more.");

        db.PendingFileOperations.Add(PendingFileOperation.Place(
            FileOperationKind.Replace, attachment.Id, [(thumbnail.HandOver(), Attachment.StoredLocationFor(Attachment.ThumbLocationFor(location), attachment.Visibility))]));
        await db.SaveChangesAsync(cancellationToken);

        if (request.RemoveDerivatives)
        {
            await AttachmentFiles.RemoveDerivativesAsync(db, attachment.Id, cancellationToken);
            sizes.MakeLater(attachment.Id);
        }

        return Unit.Value;
    }
}
