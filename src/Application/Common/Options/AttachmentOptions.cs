namespace Attachments.Application.Common.Options;

public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    /// <summary>How long a deleted attachment stays in the trash, restorable; zero deletes at once.</summary>
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each instance deletes for ever what has been in the trash longer than the retention.</summary>
    public TimeSpan TrashPurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
