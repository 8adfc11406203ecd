using Attachments.Application.Common.Interfaces;

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

    public string? ThumbnailPath { get; } = thumbnailPath;

    public string Extension { get; } = extension;

    public string MimeType { get; } = mimeType;

    public long Size { get; } = size;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public void Dispose()
    {
        if (!ownsFiles)
            return;

        storage.DeleteTemp(Path);
        if (ThumbnailPath is not null)
            storage.DeleteTemp(ThumbnailPath);
    }
}
