namespace Attachments.Infrastructure.Files;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder that holds <c>uploads/</c> (and the temp folder uploads are staged in).</summary>
    public string Root { get; set; } = "storage";

    /// <summary>Base of the URLs in responses, e.g. <c>https://cdn.example.com</c>; from the request when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    public string FullRoot => Path.GetFullPath(Root);

    /// <summary>Temp files live inside the root so that moving them into place is a rename on one file system.</summary>
    public string TempDirectory => Path.Combine(FullRoot, ".tmp");
}
