using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using MediatR;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>(Re)writes <c>thumb_&lt;name&gt;</c> beside a stored image from the image as it is on disk.</summary>
public sealed record BuildThumbnailCommand(string FileLocation) : IRequest<Unit>;

public sealed class BuildThumbnailCommandHandler(IFileStorage storage, IImageProcessor images)
    : IRequestHandler<BuildThumbnailCommand, Unit>
{
    public async Task<Unit> Handle(BuildThumbnailCommand request, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(request.FileLocation).TrimStart('.');
        if (!WebImageFormats.IsWebFormat(extension))
            throw new UnsupportedMediaTypeException($"'{extension}' is not a format images are stored in; no thumbnail is made for it.");

        var imagePath = storage.FullPath(request.FileLocation);
        if (!File.Exists(imagePath))
            throw new NotFoundException("The stored image is missing from the storage folder.");

        var tempPath = storage.NewTempPath(extension);
        try
        {
            await images.WriteThumbnailAsync(imagePath, extension, tempPath, cancellationToken);

            // A rename over the old thumbnail: a browser gets the old one or the new one, never part of either.
            storage.Place(tempPath, Attachment.ThumbLocationFor(request.FileLocation));
        }
        finally
        {
            storage.DeleteTemp(tempPath);
        }

        return Unit.Value;
    }
}
