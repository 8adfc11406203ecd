using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Intent records for changes under <c>uploads/</c> made on behalf of a database transaction that is
/// still open. One is written before the first file changes and removed once the outcome is settled, so
/// that a restart after the process was killed half-way can ask the database what happened and finish
/// or undo the change (docs/decisions/011-crash-recovery.md).
/// </summary>
public interface IStorageJournal
{
    /// <summary>Writes <paramref name="intent"/> where recovery finds it; disposing the entry removes it.</summary>
    IJournalEntry Record(StorageIntent intent);
}

/// <summary>A recorded intent; disposing it says the change is settled and removes the record.</summary>
public interface IJournalEntry : IDisposable
{
    /// <summary>
    /// Keeps the record (disposing no longer removes it) for the journal to settle against the database
    /// later: the commit's outcome is unknown, or undoing the files failed.
    /// </summary>
    void LeaveUnsettled();
}
