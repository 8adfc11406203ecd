using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Attachments.Common;

/// <summary>The staged bytes about to be stored: the upload itself, or the processed image and its thumbnail.</summary>
public sealed class PreparedContent(
    StagedContent file, StagedContent? thumbnail, string extension, string mimeType, long size, int width, int height,
    ImagePlaceholder? placeholder = null) : IDisposable
{
    public ImagePlaceholder? Placeholder { get; } = placeholder;

    public string Extension { get; } = extension;

    public string MimeType { get; } = mimeType;

    public long Size { get; } = size;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>
    /// The operation that puts this content at <paramref name="attachment"/>'s locations, thumbnail first so that the
    /// main file never shows without it; the operation owns the staged files from here on.
    /// </summary>
    public PendingFileOperation OperationFor(FileOperationKind kind, Attachment attachment)
    {
        var files = new List<(string, string)>(2);
        if (thumbnail is not null && attachment.StoredThumbLocation is { } thumbLocation)
            files.Add((thumbnail.HandOver(), thumbLocation));

        files.Add((file.HandOver(), attachment.StoredFileLocation));
        return PendingFileOperation.Place(kind, attachment.Id, files);
    }

    public void Dispose()
    {
        file.Dispose();
        thumbnail?.Dispose();
    }
}
