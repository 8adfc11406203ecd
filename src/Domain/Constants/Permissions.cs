namespace Attachments.Domain.Constants;

public static class Permissions
{
    public const string AttachmentUpload = "attachment.upload";
    public const string AttachmentManage = "attachment.manage";
    public const string AttachmentDelete = "attachment.delete";
    public const string UsersManage = "users.manage";

    public static IReadOnlyList<string> All { get; } =
        [AttachmentUpload, AttachmentManage, AttachmentDelete, UsersManage];
}
