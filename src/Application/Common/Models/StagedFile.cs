namespace Attachments.Application.Common.Models;

/// <summary>
/// An upload written to a temp file inside the storage root. Disposing deletes the temp file if it
/// has not been moved into place, so a failed request leaves nothing behind.
/// </summary>
public sealed class StagedFile(string tempPath, string clientFileName, long length, string md5) : IDisposable
{
    public string TempPath { get; } = tempPath;

    public string ClientFileName { get; } = clientFileName;

    public long Length { get; } = length;

    /// <summary>Lower-case hex MD5 of the uploaded bytes.</summary>
    public string Md5 { get; } = md5;

    public Stream OpenRead() =>
        new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public void Dispose()
    {
        if (File.Exists(TempPath))
            File.Delete(TempPath);
    }
}
