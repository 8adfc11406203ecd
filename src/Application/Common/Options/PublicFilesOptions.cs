namespace Attachments.Application.Common.Options;

/// <summary>
/// The part of the <c>Storage</c> section the Api needs to serve <c>uploads/</c> and build its URLs. Infrastructure
/// binds the same section to its own storage options for writing, with the same default root.
/// </summary>
public sealed class PublicFilesOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder that holds <c>uploads/</c>.</summary>
    public string Root { get; set; } = "storage";

    /// <summary>Base of the URLs in responses, e.g. <c>https://cdn.example.com</c>; from the request when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    public string FullRoot => Path.GetFullPath(Root);
}
