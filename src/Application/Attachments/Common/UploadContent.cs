using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Common;

/// <summary>What an upload is and what is stored for it: its type decided by its bytes, an image processed, the result staged.</summary>
public sealed class UploadContent(IFileStorage storage, IImageProcessor images, IOptions<UploadOptions> options)
{
    /// <exception cref="UnsupportedMediaTypeException">The type is not recognised or not allowed here.</exception>
    public FileType Detect(StagedFile file, bool imagesOnly)
    {
        FileType? type;
        using (var content = file.OpenRead())
            type = FileTypeDetector.Detect(content, file.ClientFileName);

        if (type is null)
            throw new UnsupportedMediaTypeException("The file type could not be recognised from its content; it is not on the list of allowed types.");

        if (imagesOnly && !type.IsImage)
            throw new UnsupportedMediaTypeException($"Only images can be uploaded here (JPEG, PNG, GIF, WebP, BMP, ICO, TIFF, HEIC, AVIF); this is '{type.Extension}'.");

        if (type.IsImage || options.Value.AllowedFileTypes.Contains(type.Extension, StringComparer.OrdinalIgnoreCase))
            return type;

        throw new UnsupportedMediaTypeException($"Files of type '{type.Extension}' ({type.MimeType}) are not allowed here.");
    }

    /// <summary>The extension a new attachment of this type is stored under: images convert to a format browsers show.</summary>
    public static string OutputExtension(FileType type) =>
        type.IsImage ? WebImageFormats.OutputFor(type.Extension) : type.Extension;

    /// <summary>The upload itself for a file; for an image, the processed image and its thumbnail in <paramref name="extension"/>.</summary>
    public async Task<PreparedContent> PrepareAsync(StagedFile file, FileType type, string extension, CancellationToken cancellationToken)
    {
        if (!type.IsImage)
            return new PreparedContent(file, null, extension, type.MimeType, file.Length, 0, 0);

        return Of(await images.ProcessAsync(file.Path, type.Extension, extension, cancellationToken), extension);
    }

    /// <summary>What an upload of the image stored at <paramref name="location"/> would have stored, in its own format.</summary>
    public async Task<PreparedContent> PrepareStoredAsync(string location, string extension, CancellationToken cancellationToken)
    {
        using var stored = await storage.GetLocalCopyAsync(location, cancellationToken);
        return Of(await images.ProcessStoredAsync(stored.Path, extension, cancellationToken), extension);
    }

    private PreparedContent Of(ProcessedImage image, string extension) =>
        new(new StagedContent(storage, image.ImagePath), new StagedContent(storage, image.ThumbnailPath),
            extension, WebImageFormats.MimeTypeOf(extension), image.Size, image.Width, image.Height, image.Placeholder);
}
