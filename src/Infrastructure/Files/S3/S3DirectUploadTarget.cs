using Amazon.S3;
using Amazon.S3.Model;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// Direct uploads go to the bucket itself, at <c>&lt;prefix&gt;.direct/&lt;upload id&gt;</c>, by a presigned PUT: the
/// bytes never pass through the service on the way in. Completing reads the object back into staging.
/// </summary>
public sealed class S3DirectUploadTarget(S3Bucket bucket, IFileStorage storage) : IDirectUploadTarget
{
    public const string Folder = ".direct/";

    public DirectUploadUrl CreateUrl(Guid uploadId, long fileSize, DateTimeOffset expiresAt)
    {
        var url = bucket.Presign(KeyOf(uploadId), HttpVerb.PUT, expiresAt);
        return new DirectUploadUrl(url, "PUT", new Dictionary<string, string>());
    }

    public async Task<StagedFile?> FetchAsync(Guid uploadId, string clientFileName, long maxBytes, CancellationToken cancellationToken)
    {
        var head = await bucket.HeadAsync(KeyOf(uploadId), cancellationToken);
        if (head is null)
            return null;

        // A presigned PUT cannot cap its body: the size is judged here, before a byte is read.
        if (head.ContentLength > maxBytes)
            throw new PayloadTooLargeException($"The file is larger than the limit of {maxBytes} bytes.");

        using var response = await bucket.Client.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket.Name, Key = KeyOf(uploadId), EtagToMatch = head.ETag }, cancellationToken);
        return await storage.StageAsync(response.ResponseStream, clientFileName, maxBytes, cancellationToken);
    }

    public Task DeleteAsync(Guid uploadId, CancellationToken cancellationToken) => bucket.DeleteAsync(KeyOf(uploadId), cancellationToken);

    public async Task SweepAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var old = new List<string>();
        await foreach (var item in bucket.ListAsync(bucket.KeyOf(Folder), cancellationToken))
        {
            if (item.LastModified < writtenBefore.UtcDateTime)
                old.Add(item.Key);
        }

        foreach (var key in old)
            await bucket.DeleteAsync(key, cancellationToken);
    }

    private string KeyOf(Guid uploadId) => bucket.KeyOf(Folder + uploadId.ToString("N"));
}
