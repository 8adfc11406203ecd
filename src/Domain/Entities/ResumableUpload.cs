namespace Attachments.Domain.Entities;

/// <summary>
/// A tus upload (docs/decisions/028-tus-uploads.md): created with its length, filled by PATCH requests that may reach
/// any instance, each kept as one part in the storage provider, and stored as an attachment once the last byte arrives.
/// </summary>
public sealed class ResumableUpload
{
    public Guid Id { get; set; }

    /// <summary>Who created it: the only user who may send to it, ask for it or end it.</summary>
    public long UserId { get; set; }

    /// <summary>From the <c>filename</c> metadata; the attachment's names are made from it as for any upload.</summary>
    public string FileName { get; set; } = string.Empty;

    public long? CategoryId { get; set; }

    /// <summary>Upload-Length: the whole file's size.</summary>
    public long Length { get; set; }

    /// <summary>Upload-Offset: the bytes received and kept so far.</summary>
    public long Offset { get; set; }

    /// <summary>How many parts hold those bytes; part N is the N-th PATCH that kept any.</summary>
    public int Parts { get; set; }

    /// <summary>The Upload-Metadata header as created, answered again by HEAD.</summary>
    public string? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Upload-Expires: the last activity plus Upload:ChunkMaxAge.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The attachment the completed upload stored (or found with the same bytes).</summary>
    public long? AttachmentId { get; set; }
}
