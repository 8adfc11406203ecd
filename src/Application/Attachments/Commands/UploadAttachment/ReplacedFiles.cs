using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <summary>An attachment's files swapped for new content while its row's update is not committed; swapped back unless it commits.</summary>
internal sealed class ReplacedFiles : UncommittedFiles
{
    private readonly IFileStorage _storage;
    private readonly IReadOnlyList<(string TempPath, ReplacedFile File)> _files;
    private readonly List<IFileReplacement> _replaced = [];

    private ReplacedFiles(IFileStorage storage, IJournalEntry entry, IReadOnlyList<(string TempPath, ReplacedFile File)> files)
        : base(entry)
    {
        _storage = storage;
        _files = files;
    }

    /// <summary>Records the intent; nothing is swapped before <see cref="ReplaceAll"/>.</summary>
    /// <param name="files">Temp files and the locations they replace, thumbnail first.</param>
    public static ReplacedFiles Record(
        IFileStorage storage,
        IStorageJournal journal,
        long attachmentId,
        string fileLocation,
        string oldMd5,
        string newMd5,
        IReadOnlyList<(string TempPath, string Location)> files)
    {
        var planned = files
            .Select(f => (f.TempPath, new ReplacedFile(
                f.Location, File.Exists(storage.FullPath(f.Location)) ? storage.NewTempPath("backup") : null)))
            .ToList();
        var entry = journal.Record(new ReplaceIntent(attachmentId, fileLocation, oldMd5, newMd5, [.. planned.Select(p => p.Item2)]));
        return new ReplacedFiles(storage, entry, planned);
    }

    public void ReplaceAll()
    {
        foreach (var (tempPath, file) in _files)
            _replaced.Add(_storage.Replace(tempPath, file.Location, file.BackupPath));
    }

    protected override void Keep()
    {
        foreach (var replacement in _replaced)
            replacement.Commit();
    }

    protected override void Undo()
    {
        foreach (var replacement in Enumerable.Reverse(_replaced))
            replacement.Dispose();
    }
}
