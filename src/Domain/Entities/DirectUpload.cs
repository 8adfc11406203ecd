namespace Attachments.Domain.Entities;

/// <summary>
/// An upload whose bytes the client sends straight to storage, to a presigned URL, instead of through the API: made
/// by presigning, completed once its bytes are there, and kept until it expires, so that completing it again answers
/// the same attachment (docs/decisions/020-direct-uploads.md).
/// </summary>
public sealed class DirectUpload
{
    public Guid Id { get; set; }

    /// <summary>Who presigned it: the only user who may complete it.</summary>
    public long UserId { get; set; }

    /// <summary>The client's name for the file, as sent; the attachment's names are made from it as for any upload.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The size presigned: the bytes uploaded must be exactly this many.</summary>
    public long FileSize { get; set; }

    public long? CategoryId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The URL stops working, and the upload can no longer be completed, from this moment.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The attachment the completed upload stored (or found with the same bytes).</summary>
    public long? AttachmentId { get; set; }
}
