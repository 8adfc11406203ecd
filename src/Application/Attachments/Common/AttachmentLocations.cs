using System.Globalization;

namespace Attachments.Application.Attachments.Common;

public static class AttachmentLocations
{
    public const string Root = "uploads";

    /// <summary><c>uploads/yyyyMM/dd/&lt;md5[8:24]&gt;.&lt;ext&gt;</c>, as the CMS this API comes from lays files out.</summary>
    public static string For(DateTimeOffset uploadedAt, string md5, string extension)
    {
        var utc = uploadedAt.UtcDateTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Root}/{utc:yyyyMM}/{utc:dd}/{md5.AsSpan(8, 16)}.{extension}");
    }
}
