using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;

namespace Attachments.Bench.ImageKernel;

/// <summary>Only the staging the image kernel uses: new temp paths and their deletion.</summary>
internal sealed class BenchStorage(string folder) : IFileStorage
{
    public string NewStagedPath(string extension) => Path.Combine(folder, $"{Guid.NewGuid():N}.{extension}");

    public void DeleteStaged(string stagedPath) => File.Delete(stagedPath);

    public Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Stream OpenStaged(string stagedPath) => throw new NotSupportedException();

    public Task<bool> ExistsAsync(string location, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StoredFileInfo?> GetInfoAsync(string location, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Stream OpenRead(string location, StoredFileInfo info) => throw new NotSupportedException();

    public Task<LocalCopy> GetLocalCopyAsync(string location, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<string> EnumerateLocationsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
