using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Stored files at locations (relative, forward slashes, always under <c>uploads/</c>), on a disk or in a bucket
/// (<c>Storage:Provider</c>), and staged content (uploads streamed in, images processed) waiting in this instance's
/// staging folder to be committed. Application reads stored files and stages content here; only
/// <see cref="IFileOperations"/> changes what is under <c>uploads/</c>, after commit.
/// </summary>
public interface IFileStorage
{
    /// <summary>Copies <paramref name="content"/> to a new staged file, hashing as it goes; disposing the result deletes it.</summary>
    /// <exception cref="Exceptions.PayloadTooLargeException">More than <paramref name="maxBytes"/> arrived.</exception>
    Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>A path for new staged content; the caller deletes the file unless an operation takes it over.</summary>
    string NewStagedPath(string extension);

    Stream OpenStaged(string stagedPath);

    void DeleteStaged(string stagedPath);

    /// <exception cref="Exceptions.ValidationException">The location leaves <c>uploads/</c>.</exception>
    Task<bool> ExistsAsync(string location, CancellationToken cancellationToken);

    /// <summary>Size, date and validator of a stored file, or null when nothing is stored there.</summary>
    /// <exception cref="Exceptions.ValidationException">The location leaves <c>uploads/</c>.</exception>
    Task<StoredFileInfo?> GetInfoAsync(string location, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the stored file <see cref="GetInfoAsync"/> described, without asking again; the stream can seek (a seek in
    /// a bucket starts a ranged read, which fails if the bytes are no longer those of <paramref name="info"/>).
    /// </summary>
    /// <exception cref="Exceptions.NotFoundException">Nothing is stored there any more.</exception>
    Stream OpenRead(string location, StoredFileInfo info);

    /// <summary>
    /// A stored file as a path on this machine, for the image processor: the file itself on a disk, a staged copy
    /// of the object from a bucket (deleted when the result is disposed).
    /// </summary>
    /// <exception cref="Exceptions.NotFoundException">Nothing is stored there.</exception>
    Task<LocalCopy> GetLocalCopyAsync(string location, CancellationToken cancellationToken);

    /// <summary>Every file under <c>uploads/</c> as a location, in no particular order; symbolic links are left out.</summary>
    IAsyncEnumerable<string> EnumerateLocationsAsync(CancellationToken cancellationToken);
}
