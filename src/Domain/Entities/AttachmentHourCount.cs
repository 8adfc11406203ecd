namespace Attachments.Domain.Entities;

/// <summary>
/// How many attachments uploaded in one hour (created_time, UTC) one category holds of one kind; category
/// <see cref="EveryCategory"/> adds up all of them. Kept by the same triggers as <see cref="AttachmentCount"/>;
/// a deep page of the list finds the hour it starts in from these rows instead of skipping the rows before it.
/// </summary>
public sealed class AttachmentHourCount
{
    public const long EveryCategory = -1;

    public long CategoryId { get; init; }

    public bool IsImage { get; init; }

    public DateTimeOffset Hour { get; init; }

    public long Count { get; init; }
}
