using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery.Queries.GetServedFile;
using MediatR;
using Microsoft.Extensions.Options;

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

        var isImage = WebImageFormats.IsWebFormat(extension.ToLowerInvariant());
        try
        {
            if (http.RequestServices.GetRequiredService<IOptions<PublicFilesOptions>>().Value.Serve == ServeMode.Redirect)
            {
                await StoredFileResponse.SendAsync(http, await RedirectTargetAsync(http, location, contentType, isImage));
                return;
            }

            var storage = http.RequestServices.GetRequiredService<IFileStorage>();
            if (await storage.GetInfoAsync(location, http.RequestAborted) is not { } info)
            {
                await SignedFileServer.RefuseAsync(http);
                return;
            }

            var name = isImage ? null : await UploadsFileServer.DownloadNameAsync(http, location) ?? Path.GetFileName(location);
            var served = new ServedFile(location, contentType, IsPrivate: false, VariesByAccept: false, name is null ? null : AttachmentDisposition.For(name));
            await StoredFileResponse.SendAsync(http, served, info);
        }
        catch (Exception e) when (e is ValidationException or NotFoundException)
        {
            // A path no location could be ("uploads/a/../b"), or a file deleted between the look-up and the read.
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    /// <summary>
    /// A private file's location answers 403 (its object is elsewhere, so the redirect would only find nothing); a
    /// file with no row, or any file while PostgreSQL is away, is redirected as it is stored.
    /// </summary>
    private static async Task<ServedFile> RedirectTargetAsync(HttpContext http, string location, string contentType, bool isImage)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IMediator>().Send(new GetServedFileQuery(location, null, null, null, null), http.RequestAborted);
        }
        catch (Exception e) when (e is NotFoundException || http.RequestServices.GetRequiredService<IDatabaseFailures>().IsUnavailable(e))
        {
            return new ServedFile(location, contentType, IsPrivate: false, VariesByAccept: false, isImage ? null : AttachmentDisposition.For(Path.GetFileName(location)));
        }
    }
}
