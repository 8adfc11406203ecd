using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// <c>GET /uploads/…</c> from a bucket, with the contract of the disk's static file server: only the types the
/// detector can store, nosniff, ETag and Last-Modified with conditional GET, ranges, non-images as named downloads.
/// With <c>Storage:Serve=Redirect</c> it answers 302 to a presigned URL instead, and the bucket sends the bytes.
/// </summary>
internal static class BucketFileServer
{
    public static async Task ServeAsync(HttpContext http)
    {
        var request = http.Request;
        var location = request.Path.Value!.TrimStart('/');
        var extension = Path.GetExtension(location).TrimStart('.');
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !KnownFileTypes.ServedContentTypes.TryGetValue(extension, out var contentType))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var storage = http.RequestServices.GetRequiredService<IFileStorage>();
        var isImage = WebImageFormats.IsWebFormat(extension.ToLowerInvariant());
        try
        {
            if (http.RequestServices.GetRequiredService<IOptions<PublicFilesOptions>>().Value.Serve == ServeMode.Redirect)
            {
                await RedirectAsync(http, location, contentType, isImage);
                return;
            }

            var info = await storage.GetInfoAsync(location, http.RequestAborted);
            if (info is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            UploadsFileServer.SetServingHeaders(http.Response.Headers);
            if (!isImage)
                await NameDownloadWhenSentAsync(http, location);

            var content = storage.OpenRead(location, info);
            await Results.File(content, contentType, lastModified: info.LastModified, entityTag: EntityTagHeaderValue.Parse(info.ETag), enableRangeProcessing: true)
                .ExecuteAsync(http);
        }
        catch (Exception e) when (e is ValidationException or NotFoundException)
        {
            // A path no location could be ("uploads/a/../b"), or a file deleted between the look-up and the read.
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static async Task RedirectAsync(HttpContext http, string location, string contentType, bool isImage)
    {
        var disposition = isImage
            ? null
            : AttachmentDisposition.For(await UploadsFileServer.DownloadNameAsync(http, location) ?? Path.GetFileName(location));
        var url = http.RequestServices.GetRequiredService<IStoredFileLinks>().PresignedGet(location, contentType, disposition);

        // The URL expires: a cache must ask again rather than keep it.
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        http.Response.Redirect(url);
    }

    /// <summary>Like the disk's server: the name only on 200 and 206, never on a 304 a cache would take as its new header.</summary>
    private static async Task NameDownloadWhenSentAsync(HttpContext http, string location)
    {
        var name = await UploadsFileServer.DownloadNameAsync(http, location) ?? Path.GetFileName(location);
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
                http.Response.Headers[HeaderNames.ContentDisposition] = AttachmentDisposition.For(name);

            return Task.CompletedTask;
        });
    }
}
