namespace Attachments.Domain.Entities;

public class AttachmentCategory
{
    public long Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public int Status { get; set; } = 1;

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    public ICollection<Attachment> Attachments { get; } = new List<Attachment>();
}
