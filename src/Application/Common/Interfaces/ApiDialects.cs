namespace Attachments.Application.Common.Interfaces;

/// <summary>The two APIs the service speaks, as metrics name them.</summary>
public static class ApiDialects
{
    /// <summary>The CMS Attachment API (<c>/api/…</c>, <c>{code, msg, data}</c>).</summary>
    public const string Cms = "cms";

    /// <summary>The Image Upload API v1 (<c>/UploadImage</c>, <c>{message, data}</c>).</summary>
    public const string V1 = "v1";
}
