using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// The configured bucket and the few calls the providers make on it, with every key under <c>Storage:S3:Prefix</c>:
/// <c>uploads/…</c> for stored files, <c>.tmp/</c> for staged ones, <c>.chunks/</c> for parts of chunked uploads.
/// </summary>
public sealed class S3Bucket : IDisposable
{
    public const string StagingFolder = ".tmp/";
    public const string ChunksFolder = ".chunks/";

    private readonly S3Options _options;

    public S3Bucket(IOptions<StorageOptions> options)
    {
        _options = options.Value.S3;
        Client = CreateClient(_options);
    }

    public IAmazonS3 Client { get; }

    public string Name => _options.Bucket;

    public string Endpoint => string.IsNullOrWhiteSpace(_options.ServiceUrl) ? $"AWS S3 ({_options.Region})" : _options.ServiceUrl;

    public string KeyOf(string relative) => _options.KeyPrefix + relative;

    public string RelativeOf(string key) => key[_options.KeyPrefix.Length..];

    /// <summary>Size, date and ETag, or null when no object has the key.</summary>
    public async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Name, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Uploads a local file, as a multipart upload from <c>Storage:S3:PartSize</c> on, reading it part by part.</summary>
    public async Task UploadFileAsync(string path, string key, CancellationToken cancellationToken)
    {
        var config = new TransferUtilityConfig { MinSizeBeforePartUpload = _options.PartSize, ConcurrentServiceRequests = 2 };
        using var transfer = new TransferUtility(Client, config);
        await transfer.UploadAsync(
            new TransferUtilityUploadRequest { BucketName = Name, Key = key, FilePath = path, PartSize = _options.PartSize },
            cancellationToken);
    }

    /// <summary>The object's bytes, read as they arrive; disposing the stream ends the response.</summary>
    public async Task<Stream> OpenAsync(string key, CancellationToken cancellationToken) =>
        (await Client.GetObjectAsync(new GetObjectRequest { BucketName = Name, Key = key }, cancellationToken)).ResponseStream;

    public async Task DownloadAsync(string key, string path, CancellationToken cancellationToken)
    {
        using var response = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Name, Key = key }, cancellationToken);
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous);
        await response.ResponseStream.CopyToAsync(target, cancellationToken);
    }

    /// <summary>A server-side copy; false when the source is gone. The copy gets the Content-Type of its own name.</summary>
    public async Task<bool> CopyAsync(string sourceKey, string targetKey, CancellationToken cancellationToken)
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = Name,
            SourceKey = sourceKey,
            DestinationBucket = Name,
            DestinationKey = targetKey,
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = S3ObjectHeaders.ContentTypeOf(targetKey),
        };
        if (S3ObjectHeaders.DispositionOf(targetKey) is { } disposition)
            request.Headers.ContentDisposition = disposition;

        try
        {
            await Client.CopyObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Deleting a key that has no object succeeds, as S3 answers.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Name, Key = key }, cancellationToken);

    public async IAsyncEnumerable<S3Object> ListAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Name, Prefix = keyPrefix };
        do
        {
            var response = await Client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
                yield return item;

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
    }

    /// <summary>A URL that lets its holder make one kind of request on one key until <paramref name="expiresAt"/>; signed here, no request made.</summary>
    public string Presign(string key, HttpVerb verb, DateTimeOffset expiresAt, Action<GetPreSignedUrlRequest>? configure = null)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Name,
            Key = key,
            Verb = verb,
            Expires = expiresAt.UtcDateTime,
            Protocol = _options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        configure?.Invoke(request);
        return Client.GetPreSignedURL(request);
    }

    public void Dispose() => Client.Dispose();

    private static AmazonS3Client CreateClient(S3Options options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Ceph RGW and other S3 servers refuse the trailing checksums the SDK sends by default since 4.0.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
