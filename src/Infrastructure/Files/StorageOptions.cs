namespace Attachments.Infrastructure.Files;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder that holds <c>uploads/</c> (and the staging folder uploads are staged in).</summary>
    public string Root { get; set; } = "storage";

    /// <summary>How long the request (or sweep) that holds a pending file operation has to apply it before any instance may.</summary>
    public TimeSpan OperationLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each instance looks for pending file operations whose lease has expired.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Staged content no pending operation references is deleted once it has not been written to for this long.</summary>
    public TimeSpan StagedMaxAge { get; set; } = TimeSpan.FromHours(1);

    public string FullRoot => Path.GetFullPath(Root);

    /// <summary>Staged content lives inside the root so that moving it into place is a rename on one file system.</summary>
    public string StagingDirectory => Path.Combine(FullRoot, ".tmp");
}
