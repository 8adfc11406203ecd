using Attachments.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore.Storage;

namespace Attachments.Application.Attachments.Common;

/// <summary>
/// Files under <c>uploads/</c> changed for a database transaction that is still open. The change is in the
/// storage journal before the first file moves (the subclass records it) and is settled on disposal: kept
/// when the commit went through, undone otherwise. When the commit itself fails nobody here knows whether it
/// happened, so the files stay as they are and the journal settles them against the database later; the
/// same happens when settling fails, so disposal never throws over the request's own outcome.
/// </summary>
internal abstract class UncommittedFiles(IJournalEntry entry) : IDisposable
{
    private Outcome _outcome = Outcome.NotCommitted;

    private enum Outcome
    {
        NotCommitted,
        Committed,
        Unknown,
    }

    public async Task CommitAsync(IDbContextTransaction transaction)
    {
        try
        {
            // Not cancellable: with the files in place, a finished commit is better than an unknown one.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            _outcome = Outcome.Unknown;
            entry.LeaveUnsettled();
            throw;
        }

        _outcome = Outcome.Committed;
    }

    public void Dispose()
    {
        if (_outcome == Outcome.Unknown)
            return;

        try
        {
            if (_outcome == Outcome.Committed)
                Keep();
            else
                Undo();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entry.LeaveUnsettled();
            return;
        }

        entry.Dispose();
    }

    /// <summary>The transaction committed: drop whatever was kept for undoing.</summary>
    protected abstract void Keep();

    /// <summary>The transaction did not commit: put the files back as they were.</summary>
    protected abstract void Undo();
}
