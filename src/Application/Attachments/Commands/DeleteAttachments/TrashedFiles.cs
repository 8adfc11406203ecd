using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

/// <summary>Files moved out of <c>uploads/</c> while their rows' delete is not committed; put back unless it commits.</summary>
internal sealed class TrashedFiles : UncommittedFiles
{
    private readonly IFileStorage _storage;
    private readonly IReadOnlyList<TrashedFile> _files;
    private readonly List<TrashedFile> _trashed = [];

    private TrashedFiles(IFileStorage storage, IJournalEntry entry, IReadOnlyList<TrashedFile> files)
        : base(entry)
    {
        _storage = storage;
        _files = files;
    }

    /// <summary>Records the intent for the attachments' files and thumbnails; nothing moves before <see cref="TrashAll"/>.</summary>
    public static TrashedFiles Record(IFileStorage storage, IStorageJournal journal, IEnumerable<Attachment> attachments)
    {
        var files = attachments
            .SelectMany(a => new[] { a.FileLocation, a.ThumbLocation }.OfType<string>()
                .Select(location => new TrashedFile(a.Id, a.FileMd5, location, storage.NewTempPath("trash"))))
            .ToList();
        return new TrashedFiles(storage, journal.Record(new DeleteIntent(files)), files);
    }

    public void TrashAll()
    {
        foreach (var file in _files)
        {
            if (_storage.Trash(file.Location, file.TrashPath))
                _trashed.Add(file);
        }
    }

    protected override void Keep()
    {
        foreach (var file in _trashed)
            _storage.DeleteTemp(file.TrashPath);
    }

    protected override void Undo()
    {
        foreach (var file in Enumerable.Reverse(_trashed))
            _storage.Place(file.TrashPath, file.Location);
    }
}
