namespace Attachments.Application.Attachments.Common;

/// <summary>The attachment object of the Attachment API (serialised snake_case).</summary>
public sealed class AttachmentDto
{
    public long Id { get; init; }

    public string FileName { get; init; } = string.Empty;

    public string FileLocation { get; init; } = string.Empty;

    public long FileSize { get; init; }

    public string FileMd5 { get; init; } = string.Empty;

    public int Width { get; init; }

    public int Height { get; init; }

    public long CategoryId { get; init; }

    public int IsImage { get; init; }

    public string Logo { get; init; } = string.Empty;

    public string Thumb { get; init; } = string.Empty;

    public long CreatedTime { get; init; }

    public long UpdatedTime { get; init; }

    public int Status { get; init; }

    public long UserId { get; init; }

    public string MimeType { get; init; } = string.Empty;
}
