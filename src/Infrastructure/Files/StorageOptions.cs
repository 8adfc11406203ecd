using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Files.S3;

namespace Attachments.Infrastructure.Files;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Where stored files live: <see cref="StorageProvider.Disk"/> under <see cref="Root"/>, or an S3 bucket.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Disk;

    /// <summary>
    /// The folder that holds <c>uploads/</c> on a disk; with either provider, this instance's staging folder
    /// <c>.tmp/</c> beside it, where uploads are streamed and images processed.
    /// </summary>
    public string Root { get; set; } = "storage";

    /// <summary>How <c>GET /uploads/…</c> answers from a bucket: streams the object, or redirects to a presigned URL.</summary>
    public ServeMode Serve { get; set; } = ServeMode.Proxy;

    public S3Options S3 { get; set; } = new();

    /// <summary>How long the request (or sweep) that holds a pending file operation has to apply it before any instance may.</summary>
    public TimeSpan OperationLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each instance looks for pending file operations whose lease has expired.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Staged content no pending operation references is deleted once it has not been written to for this long.</summary>
    public TimeSpan StagedMaxAge { get; set; } = TimeSpan.FromHours(1);

    public string FullRoot => Path.GetFullPath(Root);

    /// <summary>Staged content lives inside the root so that moving it into place on a disk is a rename on one file system.</summary>
    public string StagingDirectory => Path.Combine(FullRoot, ".tmp");
}
