using Attachments.Application.Common.Interfaces;

namespace Attachments.Application.Common.Models;

/// <summary>
/// An upload staged inside the storage root. Disposing deletes it unless a file operation has taken it over, so a
/// failed request leaves nothing behind.
/// </summary>
public sealed class StagedFile(IFileStorage storage, string path, string clientFileName, long length, string md5)
    : StagedContent(storage, path)
{
    public string ClientFileName { get; } = clientFileName;

    public long Length { get; } = length;

    /// <summary>Lower-case hex MD5 of the uploaded bytes.</summary>
    public string Md5 { get; } = md5;

    public Stream OpenRead() => Storage.OpenStaged(Path);
}

/// <summary>A staged file, deleted on disposal until <see cref="HandOver"/> gives it to a file operation.</summary>
public class StagedContent(IFileStorage storage, string path) : IDisposable
{
    private bool _handedOver;

    public string Path { get; } = path;

    protected IFileStorage Storage { get; } = storage;

    /// <summary>A file operation now owns the file: it is renamed into place, or swept once no operation needs it.</summary>
    public string HandOver()
    {
        _handedOver = true;
        return Path;
    }

    public void Dispose()
    {
        if (!_handedOver)
            Storage.DeleteStaged(Path);

        GC.SuppressFinalize(this);
    }
}
