using System.Globalization;
using System.Text;
using Attachments.Domain.Constants;

namespace Attachments.Application.Common;

/// <summary>Turns the name a client sent into names that are safe to store and show.</summary>
public static class FileNames
{
    private const string Fallback = "untitled";
    private const int MaxExtensionLength = 16;

    /// <summary>The client's name without directories, control or bidi characters, and without extension.</summary>
    public static string ToDisplayName(string? clientFileName)
    {
        var name = Clean(clientFileName);
        var dot = name.LastIndexOf('.');
        if (dot > 0)
            name = name[..dot];

        return Finish(name, MaxLengths.FileName);
    }

    /// <summary>A display name typed by an admin: cleaned the same way, but nothing is taken as an extension.</summary>
    public static string ToEditedDisplayName(string name) => Finish(Clean(name), MaxLengths.FileName);

    /// <summary>The client's name without directories, control or bidi characters, extension kept.</summary>
    public static string ToOriginalName(string? clientFileName)
    {
        var name = Finish(Clean(clientFileName), int.MaxValue);
        if (name.Length <= MaxLengths.OriginalFileName)
            return name;

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= MaxExtensionLength ? name[dot..] : string.Empty;
        var stem = TruncateAtTextElement(name[..^extension.Length], MaxLengths.OriginalFileName - extension.Length);
        return stem + extension;
    }

    private static string Clean(string? clientFileName)
    {
        var name = clientFileName ?? string.Empty;
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
            name = name[(lastSeparator + 1)..];

        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsUnsafe(rune))
                builder.Append(rune.ToString());
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string Finish(string name, int maxLength)
    {
        // Trailing dots and spaces vanish on Windows downloads; a name of dots alone says nothing.
        name = name.Trim().TrimEnd('.', ' ');
        if (name.Trim('.').Trim().Length == 0)
            return Fallback;

        return name.Length <= maxLength ? name : TruncateAtTextElement(name, maxLength);
    }

    // Bidi controls can make "gpj.exe" display as "exe.jpg", and invisible spaces make two names look alike;
    // neither carries meaning in a file name. Zero-width (non-)joiners stay: Persian, Indic scripts and emoji need them.
    private static bool IsUnsafe(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Surrogate
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
            or 0xFEFF or 0xFFFD
        || rune.Value is 0x180E or 0x200B or (>= 0x2060 and <= 0x2064);

    private static string TruncateAtTextElement(string name, int maxLength)
    {
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var next = length + elements.GetTextElement().Length;
            if (next > maxLength)
                break;
            length = next;
        }

        return name[..length].TrimEnd();
    }
}
