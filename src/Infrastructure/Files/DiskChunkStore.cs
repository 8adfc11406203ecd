using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// Parts live in <c>&lt;root&gt;/.chunks/&lt;upload key&gt;/NNNNN.part</c>, outside what is served. The request that
/// assembles them holds an advisory lock named after the upload, so a claim dies with its claimer, on any instance.
/// </summary>
public sealed class DiskChunkStore(IOptions<StorageOptions> options, AdvisoryLocks locks) : IChunkStore
{
    private const string PartPattern = "*.part";

    public string ChunksDirectory { get; } = Path.Combine(options.Value.FullRoot, ".chunks");

    public long SavePart(string uploadKey, int index, StagedFile part)
    {
        var directory = Directory.CreateDirectory(PathOf(uploadKey));
        File.Move(part.HandOver(), Path.Combine(directory.FullName, $"{index:D5}.part"), overwrite: true);
        directory.LastWriteTimeUtc = DateTime.UtcNow;
        return directory.EnumerateFiles(PartPattern).Sum(f => f.Length);
    }

    public int CountParts(string uploadKey)
    {
        var directory = new DirectoryInfo(PathOf(uploadKey));
        return directory.Exists ? directory.EnumerateFiles(PartPattern).Count() : 0;
    }

    public async Task<IChunkAssembly?> TryClaimAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var directory = PathOf(uploadKey);
        var claim = await locks.TryAcquireAsync("chunked-upload:" + uploadKey, cancellationToken);
        if (claim is null)
            return null;

        if (!Directory.Exists(directory))
        {
            // The claimer before this one finished and removed the parts between the count and the lock.
            await claim.DisposeAsync();
            return null;
        }

        return new ClaimedParts(directory, claim);
    }

    public void Discard(string uploadKey)
    {
        var path = PathOf(uploadKey);
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }

    private string PathOf(string uploadKey)
    {
        if (uploadKey.Length == 0 || uploadKey.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            throw new ArgumentException("An upload key is letters, digits and '-'.", nameof(uploadKey));

        return Path.Combine(ChunksDirectory, uploadKey);
    }

    private sealed class ClaimedParts(string directory, IAsyncDisposable claim) : IChunkAssembly
    {
        private bool _released;

        public Stream OpenConcatenated(int chunks)
        {
            var parts = Enumerable.Range(0, chunks).Select(i => Path.Combine(directory, $"{i:D5}.part")).ToList();
            var missing = parts.FindIndex(p => !File.Exists(p));
            if (missing >= 0)
                throw new ValidationException($"Part {missing} of {chunks} is missing; the parts were sent with different chunks counts. Upload every part again.");

            return new ConcatenatedFileStream(parts);
        }

        public void Release() => _released = true;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_released && Directory.Exists(directory))
                    Directory.Delete(directory, recursive: true);
            }
            finally
            {
                await claim.DisposeAsync();
            }
        }
    }
}
