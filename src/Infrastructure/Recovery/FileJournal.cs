using System.Collections.Concurrent;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Infrastructure.Files;

namespace Attachments.Infrastructure.Recovery;

/// <summary>
/// Keeps journal records in this instance's temp folder. Records left unsettled by a request are queued
/// for <see cref="UnsettledIntentSettler"/>; should the process die first, start-up recovery of its
/// folder settles them.
/// </summary>
public sealed class FileJournal(StorageInstance instance) : IStorageJournal
{
    private readonly ConcurrentDictionary<string, byte> _unsettled = new(StringComparer.Ordinal);

    public IJournalEntry Record(StorageIntent intent) => new Entry(this, JournalRecords.Write(instance.Folder, intent));

    /// <summary>Records left unsettled, to be settled against the database.</summary>
    public IReadOnlyList<string> Unsettled => [.. _unsettled.Keys];

    /// <summary>The record at <paramref name="path"/> was settled (and removed) or is gone.</summary>
    public void Forget(string path) => _unsettled.TryRemove(path, out _);

    private sealed class Entry(FileJournal journal, string path) : IJournalEntry
    {
        private bool _unsettled;

        public void LeaveUnsettled()
        {
            _unsettled = true;
            journal._unsettled.TryAdd(path, 0);
        }

        public void Dispose()
        {
            if (!_unsettled)
                File.Delete(path);
        }
    }
}
