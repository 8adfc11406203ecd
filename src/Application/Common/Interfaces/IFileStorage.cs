using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Files under the storage root. Locations are relative, with forward slashes, and always start
/// with <c>uploads/</c>. New content is written to a temp file inside the storage root first and
/// then renamed into place, so a reader never sees a half-written file.
/// </summary>
public interface IFileStorage
{
    /// <summary>Copies <paramref name="content"/> to a temp file, hashing as it goes.</summary>
    /// <exception cref="Exceptions.PayloadTooLargeException">More than <paramref name="maxBytes"/> arrived.</exception>
    Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>A fresh path in this process's temp folder inside the storage root; the caller deletes the file.</summary>
    string NewTempPath(string extension);

    /// <summary>Atomically renames a temp file to <paramref name="location"/>, replacing what is there.</summary>
    void Place(string tempPath, string location);

    /// <summary>
    /// Atomically swaps <paramref name="tempPath"/> in at <paramref name="location"/>, keeping the content that
    /// was there at <paramref name="backupPath"/> (a path from <see cref="NewTempPath"/>) until committed. With
    /// no backup path, undoing removes the file.
    /// </summary>
    IFileReplacement Replace(string tempPath, string location, string? backupPath);

    /// <summary>Renames a stored file; false when something is already at <paramref name="toLocation"/>.</summary>
    bool TryMove(string fromLocation, string toLocation);

    /// <summary>Moves a stored file out of <c>uploads/</c> to <paramref name="trashPath"/> (a path from <see cref="NewTempPath"/>); false when it was not there.</summary>
    bool Trash(string location, string trashPath);

    void Delete(string location);

    void DeleteTemp(string tempPath);

    /// <summary>The absolute path of <paramref name="location"/>, refusing anything outside <c>uploads/</c>.</summary>
    /// <exception cref="Exceptions.ValidationException">The location leaves <c>uploads/</c>.</exception>
    string FullPath(string location);

    /// <summary>Every file under <c>uploads/</c> as a location, in no particular order; symbolic links are left out.</summary>
    IEnumerable<string> EnumerateLocations();
}
