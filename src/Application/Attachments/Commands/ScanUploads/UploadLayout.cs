using System.Text.RegularExpressions;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>Which files under uploads/ a scan looks at: those laid out as uploads store them.</summary>
internal static partial class UploadLayout
{
    public const string ThumbnailPrefix = "thumb_";

    public enum Kind
    {
        /// <summary><c>uploads/yyyyMM/dd/&lt;name&gt;.&lt;ext&gt;</c>: examined.</summary>
        File,

        /// <summary>A <c>thumb_</c> file or something hidden: expected beside files, not counted.</summary>
        Companion,

        /// <summary>Anything else: left alone and counted as ignored.</summary>
        Outside,
    }

    public static Kind Classify(string location)
    {
        var segments = location.Split('/');
        if (segments.Skip(1).Any(s => s.StartsWith('.')))
            return Kind.Companion;

        if (segments[^1].StartsWith(ThumbnailPrefix, StringComparison.Ordinal))
            return Kind.Companion;

        return Layout().IsMatch(location) ? Kind.File : Kind.Outside;
    }

    // Names stay plain ASCII so that the location is a valid URL path as it is, and short enough for the column.
    [GeneratedRegex(@"^uploads/[0-9]{4}(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[A-Za-z0-9][A-Za-z0-9_.-]{0,199}\.[A-Za-z0-9]{1,16}$", RegexOptions.CultureInvariant)]
    private static partial Regex Layout();
}
