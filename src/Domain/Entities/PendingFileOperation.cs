namespace Attachments.Domain.Entities;

/// <summary>
/// A change under <c>uploads/</c> that a committed write still owes its files: written in the same transaction
/// as the row it goes with, applied right after the commit, and deleted once applied. Applying it again is
/// harmless, so whoever finds it pending (the request, or any instance once its lease has expired) finishes it
/// (docs/decisions/016-roll-forward-file-operations.md).
/// </summary>
public sealed class PendingFileOperation
{
    public long Id { get; set; }

    public FileOperationKind Kind { get; set; }

    /// <summary>The attachment the change is for, for a DBA reading the table; no foreign key (the row may be gone).</summary>
    public long? AttachmentId { get; set; }

    /// <summary>What to do, in order.</summary>
    public List<FileStep> Steps { get; set; } = [];

    /// <summary>Every location under <c>uploads/</c> the steps touch: operations on one location apply in id order.</summary>
    public List<string> Locations { get; set; } = [];

    /// <summary>Names of the staged files the steps move into place; the staging sweeper leaves them alone.</summary>
    public List<string> StagedFiles { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Set when a sweep takes the operation over: until then that sweep applies it. Before any sweep, the request that
    /// wrote it has it for the lease time from <see cref="CreatedAt"/>. Afterwards any instance may apply it.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// New content for an attachment's locations, each staged file renamed over what is there, in the order given.
    /// Staged files are recorded by name: every instance finds them in the staging folder of the shared storage root,
    /// wherever it mounts it.
    /// </summary>
    public static PendingFileOperation Place(
        FileOperationKind kind, long? attachmentId, IReadOnlyList<(string StagedPath, string Location)> files) =>
        new()
        {
            Kind = kind,
            AttachmentId = attachmentId,
            Steps = [.. files.Select(f => FileStep.Place(Path.GetFileName(f.StagedPath), f.Location))],
            Locations = [.. files.Select(f => f.Location)],
            StagedFiles = [.. files.Select(f => Path.GetFileName(f.StagedPath))],
        };

    public static PendingFileOperation Delete(long? attachmentId, IReadOnlyList<string> locations) =>
        new()
        {
            Kind = FileOperationKind.Delete,
            AttachmentId = attachmentId,
            Steps = [.. locations.Select(FileStep.Delete)],
            Locations = [.. locations],
        };

    public static PendingFileOperation Move(long attachmentId, IReadOnlyList<(string From, string To)> files) =>
        new()
        {
            Kind = FileOperationKind.Move,
            AttachmentId = attachmentId,
            Steps = [.. files.Select(f => FileStep.Move(f.From, f.To))],
            Locations = [.. files.SelectMany(f => new[] { f.From, f.To })],
        };
}

public enum FileOperationKind
{
    /// <summary>A new attachment's files.</summary>
    Place,

    /// <summary>An attachment's files get new content at the same locations (a replace, an image processed in place, a rebuilt thumbnail).</summary>
    Replace,

    Delete,

    Move,
}

/// <param name="Action"><c>place</c> (rename <paramref name="Source"/>, the name of a staged file, over <paramref name="Target"/>),
/// <c>delete</c> (<paramref name="Target"/>), or <c>move</c> (rename the location <paramref name="Source"/> to <paramref name="Target"/>).</param>
public sealed record FileStep(string Action, string Target, string? Source = null)
{
    public const string PlaceAction = "place";
    public const string DeleteAction = "delete";
    public const string MoveAction = "move";

    public static FileStep Place(string stagedName, string location) => new(PlaceAction, location, stagedName);

    public static FileStep Delete(string location) => new(DeleteAction, location);

    public static FileStep Move(string from, string to) => new(MoveAction, to, from);
}
