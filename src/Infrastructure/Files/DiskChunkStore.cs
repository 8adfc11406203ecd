using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Infrastructure.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// Parts live in <c>&lt;root&gt;/.chunks/&lt;upload key&gt;/NNNNN.part</c>, outside what is served. The request that
/// assembles them holds an advisory lock named after the upload, so a claim dies with its claimer, on any instance.
/// </summary>
public sealed class DiskChunkStore(IOptions<StorageOptions> options, AdvisoryLocks locks, ILogger<DiskChunkStore> logger) : IChunkParts
{
    private const string PartPattern = "*.part";

    public string ChunksDirectory { get; } = Path.Combine(options.Value.FullRoot, ".chunks");

    public Task<long> SavePartAsync(string uploadKey, int index, StagedFile part, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(PathOf(uploadKey));
        File.Move(part.HandOver(), Path.Combine(directory.FullName, $"{index:D5}.part"), overwrite: true);
        directory.LastWriteTimeUtc = DateTime.UtcNow;
        return Task.FromResult(directory.EnumerateFiles(PartPattern).Sum(f => f.Length));
    }

    public Task<int> CountPartsAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(PathOf(uploadKey));
        return Task.FromResult(directory.Exists ? directory.EnumerateFiles(PartPattern).Count() : 0);
    }

    public async Task<IChunkAssembly?> TryClaimAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var directory = PathOf(uploadKey);
        var claim = await locks.TryAcquireAsync(ChunkKeys.LockName(uploadKey), cancellationToken);
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

    public Task DiscardAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var path = PathOf(uploadKey);
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);

        return Task.CompletedTask;
    }

    public Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(ChunksDirectory);
        if (!directory.Exists)
            return Task.FromResult(0);

        var removed = 0;
        foreach (var upload in directory.EnumerateDirectories().Where(u => u.LastWriteTimeUtc < cutoff.UtcDateTime))
        {
            try
            {
                upload.Delete(recursive: true);
                removed++;
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove the abandoned chunked upload {Directory}", upload.Name);
            }
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} abandoned chunked uploads received nothing since {Cutoff}", removed, cutoff);

        return Task.FromResult(removed);
    }

    private string PathOf(string uploadKey) => Path.Combine(ChunksDirectory, ChunkKeys.Checked(uploadKey));

    private sealed class ClaimedParts(string directory, IAsyncDisposable claim) : IChunkAssembly
    {
        private bool _released;

        public Task<Stream> OpenConcatenatedAsync(int chunks, CancellationToken cancellationToken)
        {
            var parts = Enumerable.Range(0, chunks).Select(i => Path.Combine(directory, ChunkKeys.PartName(i))).ToList();
            var missing = parts.FindIndex(p => !File.Exists(p));
            if (missing >= 0)
                throw ChunkKeys.Missing(missing, chunks);

            return Task.FromResult<Stream>(ConcatenatedStream.OfFiles(parts));
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

/// <summary>Names shared by the chunk stores of both providers.</summary>
internal static class ChunkKeys
{
    public static string Checked(string uploadKey) =>
        uploadKey.Length == 0 || uploadKey.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')
            ? throw new ArgumentException("An upload key is letters, digits and '-'.", nameof(uploadKey))
            : uploadKey;

    public static string LockName(string uploadKey) => "chunked-upload:" + uploadKey;

    public static string PartName(int index) => $"{index:D5}.part";

    public static ValidationException Missing(int index, int chunks) =>
        new($"Part {index} of {chunks} is missing; the parts were sent with different chunks counts. Upload every part again.");
}
