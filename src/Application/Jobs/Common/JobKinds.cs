namespace Attachments.Application.Jobs.Common;

public static class JobKinds
{
    public const string Scan = "scan";
    public const string ThumbRebuild = "thumb_rebuild";
}
