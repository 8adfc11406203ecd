using System.Buffers;
using System.Globalization;
using System.Text;

namespace Attachments.Application.Categories.Common;

public static class CategoryTitles
{
    /// <summary>
    /// True when the title holds control characters, line breaks, bidi controls or broken surrogates:
    /// titles are shown in admin menus, where these hide or reorder text, and PostgreSQL refuses lone surrogates.
    /// </summary>
    public static bool HasUnsafeCharacters(string title)
    {
        var rest = title.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || IsUnsafe(rune))
                return true;
            rest = rest[consumed..];
        }

        return false;
    }

    private static bool IsUnsafe(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
            or 0xFEFF;
}
