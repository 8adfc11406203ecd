using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>
/// Stores an image a scan indexed as it found it the way an upload would have, in place (Jobs:ScanProcessesImages);
/// false when there was nothing to do, the row having been processed, replaced or deleted by a request meanwhile.
/// </summary>
public sealed record ProcessIndexedImageCommand(long Id) : IRequest<bool>;

public sealed class ProcessIndexedImageCommandHandler(
    IApplicationDbContext db, IFileStorage storage, IImageProcessor images, InPlaceImageProcessing inPlace)
    : IRequestHandler<ProcessIndexedImageCommand, bool>
{
    public async Task<bool> Handle(ProcessIndexedImageCommand request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken);
        if (attachment is not { IsImage: true, IsProcessed: false })
            return false;

        var extension = Path.GetExtension(attachment.FileLocation).TrimStart('.').ToLowerInvariant();
        if (!WebImageFormats.IsWebFormat(extension))
            throw new UnsupportedMediaTypeException($"'{extension}' is not a format images are stored in; the image is left as it is.");

        var imagePath = storage.FullPath(attachment.FileLocation);
        if (!File.Exists(imagePath))
            throw new NotFoundException("The stored image is missing from the storage folder.");

        using var content = PreparedContent.Of(storage, await images.ProcessStoredAsync(imagePath, extension, cancellationToken), extension);
        return await inPlace.ApplyAsync(attachment, content, categoryId: null, cancellationToken);
    }
}
