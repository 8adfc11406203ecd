using Amazon.S3.Model;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Infrastructure.Data;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// Parts are objects <c>.chunks/&lt;upload key&gt;/NNNNN.part</c> in the bucket, so parts sent to different instances
/// add up. As on a disk, the request that assembles them holds an advisory lock named after the upload.
/// </summary>
public sealed class S3ChunkStore(S3Bucket bucket, AdvisoryLocks locks, ILogger<S3ChunkStore> logger) : IChunkParts
{
    public async Task<long> SavePartAsync(string uploadKey, int index, StagedFile part, CancellationToken cancellationToken)
    {
        await bucket.UploadFileAsync(part.Path, PrefixOf(uploadKey) + ChunkKeys.PartName(index), cancellationToken);
        return (await PartsAsync(uploadKey, cancellationToken)).Sum(p => p.Size ?? 0);
    }

    public async Task<int> CountPartsAsync(string uploadKey, CancellationToken cancellationToken) =>
        (await PartsAsync(uploadKey, cancellationToken)).Count;

    public async Task<IChunkAssembly?> TryClaimAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var claim = await locks.TryAcquireAsync(ChunkKeys.LockName(uploadKey), cancellationToken);
        if (claim is null)
            return null;

        var parts = await PartsAsync(uploadKey, cancellationToken);
        if (parts.Count == 0)
        {
            // The claimer before this one finished and removed the parts between the count and the lock.
            await claim.DisposeAsync();
            return null;
        }

        return new ClaimedParts(bucket, PrefixOf(uploadKey), [.. parts.Select(p => p.Key)], claim);
    }

    public async Task DiscardAsync(string uploadKey, CancellationToken cancellationToken)
    {
        foreach (var part in await PartsAsync(uploadKey, cancellationToken))
            await bucket.DeleteAsync(part.Key, cancellationToken);
    }

    public async Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var uploads = new Dictionary<string, List<S3Object>>(StringComparer.Ordinal);
        var folder = bucket.KeyOf(S3Bucket.ChunksFolder);
        await foreach (var item in bucket.ListAsync(folder, cancellationToken))
        {
            var upload = item.Key[folder.Length..].Split('/')[0];
            if (!uploads.TryGetValue(upload, out var parts))
                uploads[upload] = parts = [];

            parts.Add(item);
        }

        var abandoned = uploads.Where(u => u.Value.Max(p => p.LastModified ?? DateTime.MinValue) < cutoff.UtcDateTime).ToList();
        foreach (var part in abandoned.SelectMany(u => u.Value))
            await bucket.DeleteAsync(part.Key, cancellationToken);

        if (abandoned.Count > 0)
            logger.LogInformation("Removed {Count} abandoned chunked uploads received nothing since {Cutoff}", abandoned.Count, cutoff);

        return abandoned.Count;
    }

    private string PrefixOf(string uploadKey) => bucket.KeyOf(S3Bucket.ChunksFolder + ChunkKeys.Checked(uploadKey) + "/");

    private async Task<List<S3Object>> PartsAsync(string uploadKey, CancellationToken cancellationToken)
    {
        var parts = new List<S3Object>();
        await foreach (var item in bucket.ListAsync(PrefixOf(uploadKey), cancellationToken))
            parts.Add(item);

        return parts;
    }

    private sealed class ClaimedParts(S3Bucket bucket, string prefix, HashSet<string> keys, IAsyncDisposable claim) : IChunkAssembly
    {
        private bool _released;

        public Task<Stream> OpenConcatenatedAsync(int chunks, CancellationToken cancellationToken)
        {
            var parts = Enumerable.Range(0, chunks).Select(i => prefix + ChunkKeys.PartName(i)).ToList();
            var missing = parts.FindIndex(p => !keys.Contains(p));
            if (missing >= 0)
                throw ChunkKeys.Missing(missing, chunks);

            return Task.FromResult<Stream>(new ConcatenatedStream([.. parts.Select(key => (Func<CancellationToken, Task<Stream>>)(token => bucket.OpenAsync(key, token)))]));
        }

        public void Release() => _released = true;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_released)
                {
                    foreach (var key in keys)
                        await bucket.DeleteAsync(key, CancellationToken.None);
                }
            }
            finally
            {
                await claim.DisposeAsync();
            }
        }
    }
}
