using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Attachments.Commands.EditAttachment;

/// <summary>An attachment's file and thumbnail renamed while its row's new location is not committed; renamed back unless it commits.</summary>
internal sealed class MovedFiles : UncommittedFiles
{
    private readonly IFileStorage _storage;
    private readonly IReadOnlyList<MovedFile> _files;
    private readonly List<MovedFile> _moved = [];

    private MovedFiles(IFileStorage storage, IJournalEntry entry, IReadOnlyList<MovedFile> files)
        : base(entry)
    {
        _storage = storage;
        _files = files;
    }

    /// <summary>Records the intent; nothing moves before <see cref="MoveAll"/>.</summary>
    public static MovedFiles Record(
        IFileStorage storage, IStorageJournal journal, long attachmentId, string from, string? fromThumb, string to)
    {
        var files = new List<MovedFile> { new(from, to) };
        if (fromThumb is not null)
            files.Add(new MovedFile(fromThumb, Attachment.ThumbLocationFor(to)));

        return new MovedFiles(storage, journal.Record(new MoveIntent(attachmentId, from, to, files)), files);
    }

    /// <exception cref="ConflictException">A file is already where one would go.</exception>
    public void MoveAll()
    {
        foreach (var file in _files)
        {
            if (!_storage.TryMove(file.From, file.To))
                throw new ConflictException($"A file already exists at {file.To}; choose another file_location.");

            _moved.Add(file);
        }
    }

    protected override void Keep()
    {
    }

    protected override void Undo()
    {
        foreach (var file in Enumerable.Reverse(_moved))
            _storage.TryMove(file.To, file.From);
    }
}
