using Amazon.S3;
using Attachments.Application.Common.Interfaces;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>Presigned GETs for <c>Storage:Serve=Redirect</c>, valid for <c>Storage:S3:RedirectLifetime</c>.</summary>
public sealed class S3FileLinks(S3Bucket bucket, IOptions<StorageOptions> options, TimeProvider time) : IStoredFileLinks
{
    public string PresignedGet(string location, string contentType, string? contentDisposition, DateTimeOffset? expires = null) =>
        bucket.Presign(bucket.KeyOf(StoredLocation.Checked(location)), HttpVerb.GET, expires ?? time.GetUtcNow() + options.Value.S3.RedirectLifetime, request =>
        {
            request.ResponseHeaderOverrides.ContentType = contentType;
            if (contentDisposition is not null)
                request.ResponseHeaderOverrides.ContentDisposition = contentDisposition;
        });
}
