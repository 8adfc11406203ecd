namespace Attachments.Application.Attachments.Queries.ListAttachments;

/// <summary>
/// What the list's <c>q</c> searches: the database function <c>attachment_search_text</c> (the Search migration), the
/// lower-cased name, alt text, caption and tags in one string, which the trigram index
/// <c>ix_attachments_search_trgm</c> serves. Only callable inside a query.
/// </summary>
public static class AttachmentSearch
{
    public const string FunctionName = "attachment_search_text";

    public static string Text(string fileName, string alt, string caption, List<string> tags) =>
        throw new NotSupportedException($"{FunctionName} runs in PostgreSQL, inside a query.");
}
