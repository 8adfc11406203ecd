using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <summary>The bytes about to be stored: the upload itself, or the processed image and its thumbnail.</summary>
internal sealed class PreparedContent(
    IFileStorage storage,
    string path,
    string? thumbnailPath,
    string extension,
    string mimeType,
    long size,
    int width,
    int height,
    bool ownsFiles) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>Owns the processor's temp files: disposing deletes them.</summary>
    public static PreparedContent Of(IFileStorage storage, ProcessedImage image, string extension) =>
        new(storage, image.ImagePath, image.ThumbnailPath, extension, WebImageFormats.MimeTypeOf(extension),
            image.Size, image.Width, image.Height, ownsFiles: true);

    public string? ThumbnailPath { get; } = thumbnailPath;

    public string Extension { get; } = extension;

    public string MimeType { get; } = mimeType;

    public long Size { get; } = size;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>The temp files to store and where they go, thumbnail first: the main file never shows without it.</summary>
    public List<(string TempPath, string Location)> FilesFor(Attachment attachment)
    {
        var files = new List<(string TempPath, string Location)>(2);
        if (ThumbnailPath is { } thumbPath && attachment.ThumbLocation is { } thumbLocation)
            files.Add((thumbPath, thumbLocation));

        files.Add((Path, attachment.FileLocation));
        return files;
    }

    public void Dispose()
    {
        if (!ownsFiles)
            return;

        storage.DeleteTemp(Path);
        if (ThumbnailPath is not null)
            storage.DeleteTemp(ThumbnailPath);
    }
}
