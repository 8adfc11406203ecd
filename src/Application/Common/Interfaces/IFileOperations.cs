using Attachments.Domain.Entities;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Carries out <see cref="PendingFileOperation"/>s: the only way anything under <c>uploads/</c> changes
/// (docs/decisions/016-roll-forward-file-operations.md).
/// </summary>
public interface IFileOperations
{
    /// <summary>
    /// Makes the staged content the operations will place durable where every instance can reach it (fsync on a
    /// disk, an upload into a bucket), before the transaction that records them commits.
    /// </summary>
    Task PersistStagedAsync(IReadOnlyCollection<PendingFileOperation> operations, CancellationToken cancellationToken);

    /// <summary>
    /// Applies committed operations, after any older pending ones on the same locations, and deletes their rows; the
    /// files and their directory entries are on disk (fsync) when it returns. An operation another instance applied
    /// meanwhile is simply gone.
    /// </summary>
    Task ApplyAsync(IReadOnlyCollection<PendingFileOperation> operations, CancellationToken cancellationToken);

    /// <summary>Deletes the staged content of operations that were not committed.</summary>
    Task DiscardStagedAsync(IReadOnlyCollection<PendingFileOperation> operations);
}
