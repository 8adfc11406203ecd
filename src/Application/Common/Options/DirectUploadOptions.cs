namespace Attachments.Application.Common.Options;

/// <summary>Uploads whose bytes go straight to storage through a presigned URL (docs/decisions/020-direct-uploads.md).</summary>
public sealed class DirectUploadOptions
{
    public const string SectionName = "DirectUploads";

    /// <summary>How long a presigned URL works and its upload can be completed; then its bytes and row are deleted.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each instance deletes expired uploads and their bytes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Disk storage: the service's own public address, the base of the URLs it presigns (e.g. <c>https://files.example.com</c>),
    /// for when <c>Storage:PublicBaseUrl</c> is a CDN that does not pass a PUT on to the service. Empty: that base, else the request's.
    /// </summary>
    public string? BaseUrl { get; set; }
}
