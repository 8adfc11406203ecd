namespace Attachments.Application.Common;

/// <summary>Text for SQL LIKE patterns, with <c>\</c> as the escape character.</summary>
public static class LikePatterns
{
    public const string EscapeCharacter = "\\";

    /// <summary>Makes <c>%</c>, <c>_</c> and <c>\</c> in user input match themselves.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
