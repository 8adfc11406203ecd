using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Attachments.Api.Envelope;

/// <summary>
/// Leaves letters of any language and apostrophes as they are ("Can't read 'Отчёт.pdf'"), while still escaping
/// <c>&lt; &gt; &amp;</c> and control characters, so a message that echoes a client's input is inert even if a
/// careless front end pastes the JSON into HTML.
/// </summary>
public sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    public static readonly ReadableJsonEncoder Instance = new();

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;
    private static readonly JavaScriptEncoder Strict = Create(UnicodeRanges.All);

    private ReadableJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Strict.MaxOutputCharactersPerInputCharacter;

    public override bool WillEncode(int unicodeScalar) => IsHtmlSensitive(unicodeScalar) || Relaxed.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var chars = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < chars.Length; i++)
        {
            int scalar = chars[i];
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                scalar = char.ConvertToUtf32(chars[i], chars[i + 1]);
            else if (char.IsSurrogate(chars[i]))
                return i;

            if (WillEncode(scalar))
                return i;
            if (scalar > char.MaxValue)
                i++;
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        IsHtmlSensitive(unicodeScalar)
            ? Strict.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten)
            : Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static bool IsHtmlSensitive(int c) => c is '<' or '>' or '&';
}
