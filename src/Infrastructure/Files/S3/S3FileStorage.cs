using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// Stored files as objects keyed by their location. Uploads are staged on this instance's disk as with
/// <see cref="DiskFileStorage"/>; before the commit that names them they go up to the bucket's <c>.tmp/</c>, so that
/// any instance can finish the operation: a place is a server-side copy to the location, then a delete.
/// </summary>
public sealed class S3FileStorage(S3Bucket bucket, IOptions<StorageOptions> options, ILogger<S3FileStorage> logger) : IStoredFiles
{
    private readonly LocalStaging _staging = new(options.Value.StagingDirectory);
    private DateTimeOffset _nextBucketSweep = DateTimeOffset.MinValue;

    public Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken) =>
        _staging.StageAsync(this, content, clientFileName, maxBytes, cancellationToken);

    public string NewStagedPath(string extension) => _staging.NewPath(extension);

    public Stream OpenStaged(string stagedPath) => LocalStaging.Open(stagedPath);

    public void DeleteStaged(string stagedPath) => LocalStaging.Delete(stagedPath);

    public async Task<bool> ExistsAsync(string location, CancellationToken cancellationToken) =>
        await bucket.HeadAsync(KeyOf(location), cancellationToken) is not null;

    public async Task<StoredFileInfo?> GetInfoAsync(string location, CancellationToken cancellationToken) =>
        await bucket.HeadAsync(KeyOf(location), cancellationToken) is { } head
            ? new StoredFileInfo(head.ContentLength, new DateTimeOffset(head.LastModified ?? DateTime.UtcNow, TimeSpan.Zero), head.ETag)
            : null;

    public Stream OpenRead(string location, StoredFileInfo info) => new S3ReadStream(bucket, KeyOf(location), info.Length, info.ETag);

    public async Task<LocalCopy> GetLocalCopyAsync(string location, CancellationToken cancellationToken)
    {
        var path = _staging.NewPath(Path.GetExtension(location).TrimStart('.'));
        try
        {
            await bucket.DownloadAsync(KeyOf(location), path, cancellationToken);
            return new LocalCopy(path, () => LocalStaging.Delete(path));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            LocalStaging.Delete(path);
            throw new NotFoundException($"Nothing is stored at {location}.");
        }
        catch
        {
            LocalStaging.Delete(path);
            throw;
        }
    }

    public async IAsyncEnumerable<string> EnumerateLocationsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in bucket.ListAsync(bucket.KeyOf(AttachmentLocations.Root + "/"), cancellationToken))
        {
            // A key that no location could name ("uploads/a//b", "uploads/../x") is not one of ours to index or serve.
            var location = bucket.RelativeOf(item.Key);
            if (StoredLocation.IsValid(location))
                yield return location;
        }
    }

    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_staging.Directory);
        var check = await CheckBucketAsync(writeProbe: true, cancellationToken);
        if (check.Missing && options.Value.S3.CreateBucket)
        {
            await bucket.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket.Name }, cancellationToken);
            logger.LogInformation("Created bucket {Bucket} at {Endpoint} (Storage:S3:CreateBucket)", bucket.Name, bucket.Endpoint);
            check = await CheckBucketAsync(writeProbe: true, cancellationToken);
        }

        if (check.Problem is { } problem)
            throw new InvalidOperationException(problem);

        logger.LogInformation(
            "Storage is bucket {Bucket} at {Endpoint}{Prefix}; uploads are staged in {Staging}",
            bucket.Name, bucket.Endpoint, options.Value.S3.KeyPrefix.Length > 0 ? $" under {options.Value.S3.KeyPrefix}" : string.Empty,
            _staging.Directory);
    }

    /// <summary>Uploads are staged on this machine first, so its staging folder must take writes as well as the bucket answer.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken) =>
        await _staging.ProblemAsync(cancellationToken) ?? (await CheckBucketAsync(writeProbe: false, cancellationToken)).Problem;

    public async Task PersistStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken)
    {
        foreach (var name in stagedNames)
        {
            var path = _staging.PathOf(name);
            await bucket.UploadFileAsync(path, StagedKey(name), cancellationToken);
            LocalStaging.Delete(path);
        }
    }

    public async Task DiscardStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken)
    {
        foreach (var name in stagedNames)
        {
            LocalStaging.Delete(_staging.PathOf(name));
            await bucket.DeleteAsync(StagedKey(name), cancellationToken);
        }
    }

    public IFileStepRun BeginSteps() => new BucketSteps(this, bucket);

    public async Task<int> SweepStagedAsync(DateTimeOffset cutoff, IReadOnlySet<string> referenced, CancellationToken cancellationToken)
    {
        var removed = _staging.Sweep(cutoff, referenced, logger);

        // A listing is a paid request on most clouds: the bucket's staging is looked at a tenth of the age limit apart.
        var now = cutoff + options.Value.StagedMaxAge;
        if (now < _nextBucketSweep)
            return removed;

        _nextBucketSweep = now + TimeSpan.FromTicks(Math.Max(options.Value.SweepInterval.Ticks, options.Value.StagedMaxAge.Ticks / 10));
        var old = new List<string>();
        await foreach (var item in bucket.ListAsync(bucket.KeyOf(S3Bucket.StagingFolder), cancellationToken))
        {
            if (item.LastModified < cutoff.UtcDateTime && !referenced.Contains(StagedName(item.Key)))
                old.Add(item.Key);
        }

        foreach (var key in old)
            await bucket.DeleteAsync(key, cancellationToken);

        return removed + old.Count;
    }

    private string KeyOf(string location) => bucket.KeyOf(StoredLocation.Checked(location));

    private string StagedKey(string name) => bucket.KeyOf(S3Bucket.StagingFolder + (LocalStaging.IsStagedName(name)
        ? name
        : throw new ArgumentException($"'{name}' is not the name of a staged file.", nameof(name))));

    private string StagedName(string key) => bucket.RelativeOf(key)[S3Bucket.StagingFolder.Length..];

    /// <summary>No problem when the bucket answers (and, with <paramref name="writeProbe"/>, takes a write); else what is wrong, in words.</summary>
    private async Task<(string? Problem, bool Missing)> CheckBucketAsync(bool writeProbe, CancellationToken cancellationToken)
    {
        var where = $"bucket '{bucket.Name}' at {bucket.Endpoint}";
        try
        {
            await bucket.Client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket.Name, Prefix = bucket.KeyOf(AttachmentLocations.Root + "/"), MaxKeys = 1 },
                cancellationToken);
            if (writeProbe)
            {
                var probe = bucket.KeyOf(S3Bucket.StagingFolder + $"probe-{Guid.NewGuid():N}");
                await bucket.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = probe, ContentBody = "probe" }, cancellationToken);
                await bucket.DeleteAsync(probe, cancellationToken);
            }

            return (null, false);
        }
        catch (AmazonS3Exception e)
        {
            return (e.ErrorCode switch
            {
                "NoSuchBucket" => $"The {where} does not exist: create it, or set Storage:S3:Bucket to one that does.",
                "InvalidAccessKeyId" => $"The {where} does not know the access key in Storage:S3:AccessKey.",
                "SignatureDoesNotMatch" => $"The {where} refused the signature: Storage:S3:SecretKey does not belong to Storage:S3:AccessKey.",
                "AccessDenied" => $"The {where} refused access with these keys: they need to list, read, write and delete objects{(writeProbe ? string.Empty : " there")}.",
                _ => $"The {where} answered {(int)e.StatusCode} {e.ErrorCode}: {e.Message}",
            }, e.ErrorCode == "NoSuchBucket");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or AmazonClientException or TaskCanceledException or IOException)
        {
            return ($"The {where} is unreachable ({e.GetBaseException().Message}): check Storage:S3:ServiceUrl and that the server is running.", false);
        }
    }

    /// <summary>Copies within the bucket; every step can run again after a crash and ends in the same state.</summary>
    private sealed class BucketSteps(S3FileStorage storage, S3Bucket bucket) : IFileStepRun
    {
        public async Task<bool> ApplyAsync(FileStep step, CancellationToken cancellationToken)
        {
            var target = storage.KeyOf(step.Target);
            switch (step.Action)
            {
                case FileStep.PlaceAction:
                    var staged = storage.StagedKey(step.Source!);
                    if (!await bucket.CopyAsync(staged, target, cancellationToken))
                        return await bucket.HeadAsync(target, cancellationToken) is not null;

                    await bucket.DeleteAsync(staged, cancellationToken);
                    return true;

                case FileStep.DeleteAction:
                    await bucket.DeleteAsync(target, cancellationToken);
                    return true;

                case FileStep.MoveAction:
                    var source = storage.KeyOf(step.Source!);
                    if (await bucket.CopyAsync(source, target, cancellationToken))
                        await bucket.DeleteAsync(source, cancellationToken);

                    return true;

                default:
                    throw new InvalidOperationException($"Unknown file step '{step.Action}'.");
            }
        }

        // Each S3 call is durable when it returns.
        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
