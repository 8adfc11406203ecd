using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery.Queries.GetServedFile;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Sends a stored file from either provider with the serving contract: nosniff, a sandboxing CSP, ETag and
/// Last-Modified with conditional GET, ranges, a download name for what is not an image; with
/// <c>Storage:Serve=Redirect</c>, a 302 to a presigned URL instead.
/// </summary>
internal static class StoredFileResponse
{
    /// <param name="info">The file's, when the caller has just read it.</param>
    public static async Task SendAsync(HttpContext http, ServedFile file, StoredFileInfo? info = null)
    {
        if (http.RequestServices.GetRequiredService<IOptions<PublicFilesOptions>>().Value is { Provider: StorageProvider.S3, Serve: ServeMode.Redirect })
        {
            var url = http.RequestServices.GetRequiredService<IStoredFileLinks>().PresignedGet(file.StoredLocation, file.ContentType, file.DownloadName);

            // The URL expires: a cache must ask again rather than keep it.
            http.Response.Headers[HeaderNames.CacheControl] = "no-store";
            if (file.VariesByAccept)
                http.Response.Headers[HeaderNames.Vary] = "Accept";

            http.Response.Redirect(url);
            return;
        }

        var storage = http.RequestServices.GetRequiredService<IFileStorage>();
        info ??= await storage.GetInfoAsync(file.StoredLocation, http.RequestAborted)
            ?? throw new NotFoundException("The file is missing from storage.");
        SetServingHeaders(http.Response.Headers, file.IsPrivate);
        if (file.VariesByAccept)
            http.Response.Headers[HeaderNames.Vary] = "Accept";

        if (file.DownloadName is { } disposition)
        {
            // Only on 200 and 206, never on a 304 a cache would take as its new header.
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
                    http.Response.Headers[HeaderNames.ContentDisposition] = disposition;

                return Task.CompletedTask;
            });
        }

        await Results.File(
                storage.OpenRead(file.StoredLocation, info), file.ContentType, lastModified: info.LastModified,
                entityTag: EntityTagHeaderValue.Parse(info.ETag), enableRangeProcessing: true)
            .ExecuteAsync(http);
    }

    /// <summary>
    /// Files are replaced in place (upload with id keeps the URL), so caches revalidate with the ETag. A private
    /// file is never kept by a shared cache.
    /// </summary>
    public static void SetServingHeaders(IHeaderDictionary headers, bool isPrivate)
    {
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = isPrivate ? "private, no-cache" : "public, no-cache";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
    }
}
