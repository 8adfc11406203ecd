using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Where the bytes of a direct upload go: a place in storage that a client can write to with a presigned URL, without
/// a token, and that the service reads back once the client says it is done (docs/decisions/020-direct-uploads.md).
/// </summary>
public interface IDirectUploadTarget
{
    /// <summary>The request that puts the file there: at most <paramref name="fileSize"/> bytes, until <paramref name="expiresAt"/>.</summary>
    DirectUploadUrl CreateUrl(Guid uploadId, long fileSize, DateTimeOffset expiresAt);

    /// <summary>Copies what was uploaded into staging, hashing it (<see cref="IFileStorage.StageAsync"/>); null when nothing was uploaded.</summary>
    /// <exception cref="Exceptions.PayloadTooLargeException">More than <paramref name="maxBytes"/> were uploaded.</exception>
    Task<StagedFile?> FetchAsync(Guid uploadId, string clientFileName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Deletes what was uploaded, if anything.</summary>
    Task DeleteAsync(Guid uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every upload's bytes last written before <paramref name="writtenBefore"/>: those an upload's row no longer
    /// names (a request cut off half-way, a user deleted). The caller passes a time before which every upload has expired.
    /// </summary>
    Task SweepAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken);
}

/// <summary>
/// Targets whose URLs point at this service itself (disk storage) receive the bytes here. Registered only by such a
/// target: with a storage bucket, clients PUT to the bucket and the service's own endpoint answers 404.
/// </summary>
public interface IDirectUploadReceiver
{
    /// <summary>The path of the service's PUT endpoint, before <c>/{upload_id}</c>.</summary>
    public const string EndpointPath = "api/attachment/upload/direct";

    /// <summary>Checks the URL's expiry and signature, which are the request's only credential.</summary>
    /// <exception cref="Exceptions.ForbiddenAccessException">Expired, missing or not signed by this service.</exception>
    void Authorise(Guid uploadId, long? expires, string? signature);

    /// <summary>Keeps exactly <paramref name="fileSize"/> bytes from <paramref name="content"/> as the upload's, replacing an earlier try whole.</summary>
    /// <exception cref="Exceptions.PayloadTooLargeException">More bytes arrived; nothing is kept.</exception>
    /// <exception cref="Exceptions.ValidationException">Fewer bytes arrived; nothing is kept.</exception>
    Task ReceiveAsync(Guid uploadId, Stream content, long fileSize, CancellationToken cancellationToken);
}
