using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// The storage root: stored files at locations (relative, forward slashes, always under <c>uploads/</c>) and
/// staged content (uploads streamed in, images processed) waiting to be committed. Application reads stored files
/// and stages content here; only <see cref="IFileOperations"/> changes what is under <c>uploads/</c>, after commit.
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
    bool Exists(string location);

    /// <summary>Reads a stored file.</summary>
    /// <exception cref="Exceptions.NotFoundException">Nothing is stored there.</exception>
    Stream OpenRead(string location);

    DateTimeOffset LastModified(string location);

    /// <summary>Where the image processor reads a stored file from.</summary>
    string LocalPath(string location);

    /// <summary>Every file under <c>uploads/</c> as a location, in no particular order; symbolic links are left out.</summary>
    IEnumerable<string> EnumerateLocations();
}
