using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <summary>Temp files moved into place for a row whose insert is not committed yet; removed again unless it commits.</summary>
internal sealed class PlacedFiles : UncommittedFiles
{
    private readonly IFileStorage _storage;
    private readonly IReadOnlyList<(string TempPath, string Location)> _files;
    private readonly List<string> _placed = [];

    private PlacedFiles(IFileStorage storage, IJournalEntry entry, IReadOnlyList<(string TempPath, string Location)> files)
        : base(entry)
    {
        _storage = storage;
        _files = files;
    }

    /// <summary>Records the intent; nothing is placed before <see cref="PlaceAll"/>.</summary>
    public static PlacedFiles Record(
        IFileStorage storage, IStorageJournal journal, IReadOnlyList<(string TempPath, string Location)> files) =>
        new(storage, journal.Record(new PlaceIntent([.. files.Select(f => f.Location)])), files);

    /// <summary>In the order given, so that the main file, placed last, never shows without its thumbnail.</summary>
    public void PlaceAll()
    {
        foreach (var (tempPath, location) in _files)
        {
            _storage.Place(tempPath, location);
            _placed.Add(location);
        }
    }

    protected override void Keep()
    {
    }

    protected override void Undo()
    {
        foreach (var location in _placed)
            _storage.Delete(location);
    }
}
