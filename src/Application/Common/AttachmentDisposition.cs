using System.Text;

namespace Attachments.Application.Common;

/// <summary>
/// <c>Content-Disposition: attachment</c> with a file name per RFC 6266: a quoted ASCII <c>filename</c> for old
/// clients and <c>filename*</c> (RFC 8187, UTF-8, percent-encoded) that current browsers and <c>curl -OJ</c> prefer.
/// </summary>
public static class AttachmentDisposition
{
    private const char Replacement = '_';

    /// <summary>The header for a file at <paramref name="location"/>: its display name with the stored extension.</summary>
    public static string For(string displayName, string location) =>
        For(string.IsNullOrWhiteSpace(displayName) ? Path.GetFileName(location) : displayName + Path.GetExtension(location));

    public static string For(string fileName)
    {
        var name = WithoutControlCharacters(fileName);
        return $"attachment; filename=\"{AsciiFallback(name)}\"; filename*=UTF-8''{Rfc8187Encoded(name)}";
    }

    /// <summary>
    /// Printable ASCII only. Quotes and backslashes would end or escape the quoted string, slashes read as folders,
    /// and some clients percent-decode <c>filename</c>, so those become '_' as well.
    /// </summary>
    private static string AsciiFallback(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            builder.Append(rune.Value is >= 0x20 and < 0x7F and not ('"' or '\\' or '/' or '%')
                ? (char)rune.Value
                : Replacement);
        }

        return builder.ToString();
    }

    private static string Rfc8187Encoded(string name)
    {
        var builder = new StringBuilder(name.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (IsAttrChar(b))
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    // attr-char of RFC 8187: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    private static bool IsAttrChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-' or (byte)'.'
            or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    // Rows are written by the API, by scans and by DBAs; a CR or LF from any of them must never reach a header.
    private static string WithoutControlCharacters(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
                builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
