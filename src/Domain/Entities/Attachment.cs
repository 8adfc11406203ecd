namespace Attachments.Domain.Entities;

public class Attachment
{
    public long Id { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string OriginalFileName { get; set; } = string.Empty;

    public string FileLocation { get; set; } = string.Empty;

    public long FileSize { get; set; }

    public string FileMd5 { get; set; } = string.Empty;

    public string MimeType { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public long? CategoryId { get; set; }

    public AttachmentCategory? Category { get; set; }

    public bool IsImage { get; set; }

    /// <summary>
    /// False only for an image a scan indexed as it found it, metadata and all; the next upload of the same
    /// bytes, or a scan that processes images, swaps it for what an upload stores.
    /// </summary>
    public bool IsProcessed { get; set; } = true;

    public AttachmentStatus Status { get; set; } = AttachmentStatus.Visible;

    public long? UserId { get; set; }

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    /// <summary>The stored name, e.g. <c>9f86d081884c7d65.jpg</c>.</summary>
    public string StoredName => FileLocation[(FileLocation.LastIndexOf('/') + 1)..];

    public string? ThumbLocation => IsImage ? ThumbLocationFor(FileLocation) : null;

    public static string ThumbLocationFor(string fileLocation)
    {
        var slash = fileLocation.LastIndexOf('/');
        return fileLocation[..(slash + 1)] + "thumb_" + fileLocation[(slash + 1)..];
    }
}
