namespace Attachments.Domain.Entities;

/// <summary>
/// A resized or re-encoded copy of an attachment's image (a named size, a signed URL transform), made on first
/// request and kept at <see cref="Location"/>, <c>derivatives/&lt;md5&gt;/&lt;key&gt;.&lt;ext&gt;</c>. Keyed by the content's md5
/// and the parameters, so new bytes or a new focal point never find an old one.
/// </summary>
public sealed class AttachmentDerivative
{
    public const string Root = "derivatives";

    public long Id { get; set; }

    public long AttachmentId { get; set; }

    public string FileMd5 { get; set; } = string.Empty;

    /// <summary>The first 16 hex digits of the SHA-256 of the canonical parameters (format chosen, focus included).</summary>
    public string Key { get; set; } = string.Empty;

    public string Location { get; set; } = string.Empty;

    public string MimeType { get; set; } = string.Empty;

    public long FileSize { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTimeOffset CreatedTime { get; set; }

    public static string LocationFor(string md5, string key, string extension) => $"{Root}/{md5}/{key}.{extension}";
}
