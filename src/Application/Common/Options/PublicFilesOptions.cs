namespace Attachments.Application.Common.Options;

/// <summary>
/// The part of the <c>Storage</c> section the Api needs to serve <c>uploads/</c> and build its URLs. Infrastructure
/// binds the same section to its own storage options for writing, with the same defaults.
/// </summary>
public sealed class PublicFilesOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Disk;

    public ServeMode Serve { get; set; } = ServeMode.Proxy;

    /// <summary>The folder that holds <c>uploads/</c> on a disk.</summary>
    public string Root { get; set; } = "storage";

    /// <summary>
    /// Base of the URLs in responses, e.g. <c>https://cdn.example.com</c>; from the request when empty. With S3 it
    /// is the base of the object keys (a public bucket, a CDN in front of it): URLs then include the key prefix.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public ObjectKeyOptions S3 { get; set; } = new();

    /// <summary>How long the signed URLs the API gives for private files stay valid.</summary>
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    public string FullRoot => Path.GetFullPath(Root);

    /// <summary>What goes between <see cref="PublicBaseUrl"/> and a location.</summary>
    public string PublicKeyPrefix => Provider == StorageProvider.S3 && !string.IsNullOrWhiteSpace(PublicBaseUrl) ? S3.KeyPrefix : string.Empty;
}

/// <summary>The part of <c>Storage:S3</c> that names keys.</summary>
public sealed class ObjectKeyOptions
{
    /// <summary>Put before every key, e.g. <c>cms/</c>, so that several deployments can share one bucket.</summary>
    public string? Prefix { get; set; }

    /// <summary>The prefix as keys use it: no leading slash, one trailing slash, or empty.</summary>
    public string KeyPrefix => string.IsNullOrWhiteSpace(Prefix) ? string.Empty : Prefix.Trim().Trim('/') + "/";
}

public enum StorageProvider
{
    Disk,
    S3,
}

public enum ServeMode
{
    /// <summary>The service streams the bytes, with the same headers, validators and ranges as from a disk.</summary>
    Proxy,

    /// <summary>The service answers 302 to a short-lived presigned URL, so that the bytes bypass it.</summary>
    Redirect,
}
