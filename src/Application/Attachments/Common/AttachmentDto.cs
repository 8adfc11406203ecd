using Attachments.Application.Delivery;

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

    public string Alt { get; init; } = string.Empty;

    public string Caption { get; init; } = string.Empty;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>public</c> or <c>private</c>; a private file's URLs are signed and expire.</summary>
    public string Visibility { get; init; } = "public";

    /// <summary>The named sizes smaller than the original: <c>{name: {url, width, height}}</c>.</summary>
    public IReadOnlyDictionary<string, SizeUrl> Sizes { get; init; } = new Dictionary<string, SizeUrl>();

    /// <summary>A ready <c>srcset</c>: the sizes that keep the picture's shape, then the original.</summary>
    public string Srcset { get; init; } = string.Empty;

    public double FocusX { get; init; }

    public double FocusY { get; init; }

    public string? Blurhash { get; init; }

    public string? DominantColor { get; init; }

    /// <summary>When it was moved to the trash (Unix seconds); null for an attachment that is not in the trash.</summary>
    public long? DeletedTime { get; init; }
}
