namespace Attachments.Domain.Entities;

public enum AttachmentStatus
{
    Hidden = 0,
    Visible = 1,
}
