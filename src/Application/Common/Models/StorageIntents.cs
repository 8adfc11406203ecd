namespace Attachments.Application.Common.Models;

/// <summary>
/// What a change under <c>uploads/</c> is about to do for a database write not committed yet, as recovery
/// needs it to settle the change by asking the database (docs/decisions/011-crash-recovery.md).
/// Temp paths name files in the temp folder of the process that records the intent.
/// </summary>
public abstract record StorageIntent;

/// <summary>New files for a row being inserted: each stays if a row references it, else it is removed.</summary>
public sealed record PlaceIntent(IReadOnlyList<string> Locations) : StorageIntent;

/// <summary>
/// Attachment <paramref name="AttachmentId"/>, stored at <paramref name="FileLocation"/>, gets new content: if
/// its row ends up with <paramref name="NewMd5"/> the backups go; if it still has <paramref name="OldMd5"/>
/// they are put back. When the two are equal (an image a scan indexed, processed in place), the row's
/// <c>is_processed</c> tells instead: still false, they are put back.
/// </summary>
public sealed record ReplaceIntent(
    long AttachmentId, string FileLocation, string OldMd5, string NewMd5, IReadOnlyList<ReplacedFile> Files) : StorageIntent;

/// <param name="BackupPath">Where the current content is kept; null when there was no file to keep.</param>
public sealed record ReplacedFile(string Location, string? BackupPath);

/// <summary>Files moved aside while their rows are deleted: back in place if the row is still there, else removed.</summary>
public sealed record DeleteIntent(IReadOnlyList<TrashedFile> Files) : StorageIntent;

/// <param name="Md5">The row's md5 when it was deleted, so a row changed since is not given old files back.</param>
public sealed record TrashedFile(long AttachmentId, string Md5, string Location, string TrashPath);

/// <summary>
/// Attachment <paramref name="AttachmentId"/>'s files move from <paramref name="FromLocation"/> to
/// <paramref name="ToLocation"/>: they move back if its row still says <paramref name="FromLocation"/>.
/// </summary>
public sealed record MoveIntent(long AttachmentId, string FromLocation, string ToLocation, IReadOnlyList<MovedFile> Files) : StorageIntent;

public sealed record MovedFile(string From, string To);
