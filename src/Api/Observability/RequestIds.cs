namespace Attachments.Api.Observability;

/// <summary>The id every request carries in its log lines, its <c>X-Request-Id</c> header and its error envelope.</summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-Id";
    public const int MaxLength = 64;

    /// <summary>A caller's id (a proxy's or a front end's) is kept when sane, so one id follows a request across systems.</summary>
    public static string For(IHeaderDictionary requestHeaders) =>
        requestHeaders.TryGetValue(HeaderName, out var values) && values.Count == 1 && IsAcceptable(values[0])
            ? values[0]!
            : New();

    /// <summary>1–64 of <c>[A-Za-z0-9._-]</c>: nothing that could break a header, a log line or a log query.</summary>
    public static bool IsAcceptable(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    // Version 7: ids sort by time, which helps when reading logs.
    private static string New() => Guid.CreateVersion7().ToString("N");
}
