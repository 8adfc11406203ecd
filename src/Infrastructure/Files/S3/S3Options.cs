using Attachments.Application.Common.Options;

namespace Attachments.Infrastructure.Files.S3;

/// <summary><c>Storage:S3</c>: any S3-compatible service (AWS, R2, Ceph RGW, MinIO).</summary>
public sealed class S3Options
{
    /// <summary>The endpoint, e.g. <c>http://127.0.0.1:7480</c>; empty for AWS itself, found from <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = string.Empty;

    /// <summary>Creates the bucket at start-up when it does not exist: for development and tests; production buckets are provisioned.</summary>
    public bool CreateBucket { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>With <see cref="SecretKey"/>; both empty takes the SDK's default credentials (environment, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary><c>endpoint/bucket/key</c> rather than <c>bucket.endpoint/key</c>: what most servers other than AWS need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Put before every key, e.g. <c>cms/</c>, so that several deployments can share one bucket.</summary>
    public string? Prefix { get; set; }

    /// <summary>How long a presigned GET of <c>Storage:Serve=Redirect</c> stays valid.</summary>
    public TimeSpan RedirectLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Staged files at least this large go up as a multipart upload, in parts of this size.</summary>
    public long PartSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>The prefix as keys use it: no leading slash, one trailing slash, or empty.</summary>
    public string KeyPrefix => new ObjectKeyOptions { Prefix = Prefix }.KeyPrefix;
}
