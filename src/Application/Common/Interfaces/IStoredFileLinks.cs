namespace Attachments.Application.Common.Interfaces;

/// <summary>Short-lived URLs at which the storage itself serves a stored file, so that the bytes bypass the service.</summary>
public interface IStoredFileLinks
{
    /// <summary>
    /// A presigned GET answering with <paramref name="contentType"/> and, when given, <paramref name="contentDisposition"/>;
    /// valid until <paramref name="expires"/>, or for <c>Storage:S3:RedirectLifetime</c>.
    /// </summary>
    string PresignedGet(string location, string contentType, string? contentDisposition, DateTimeOffset? expires = null);
}
