namespace Attachments.Domain.Entities;

/// <summary>
/// How many attachments one category holds of one kind, kept by database triggers in the transaction of every
/// insert, move, type change and delete (docs/decisions/021-list-at-scale.md). The service only reads it.
/// </summary>
public sealed class AttachmentCount
{
    /// <summary>0 for the uncategorised attachments, as the API shows them.</summary>
    public long CategoryId { get; init; }

    public bool IsImage { get; init; }

    public long Count { get; init; }
}
