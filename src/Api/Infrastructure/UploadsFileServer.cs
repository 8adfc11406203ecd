using Attachments.Application.Common;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Attachments.Queries.GetDownloadName;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using MediatR;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Serves <c>GET /uploads/…</c> without a token. The static file middleware gives ETag, Last-Modified,
/// conditional GET and ranges, and refuses paths that leave the folder. Non-images download under the
/// attachment's display name rather than the hash they are stored as.
/// </summary>
public static class UploadsFileServer
{
    public static IApplicationBuilder UseUploadsFileServer(this WebApplication app)
    {
        var root = "/" + AttachmentLocations.Root;
        app.UseWhen(http => http.Request.Path.StartsWithSegments(root) && SignedFileServer.Handles(http.Request), signed => signed.Run(SignedFileServer.ServeAsync));

        var storage = app.Services.GetRequiredService<IOptions<PublicFilesOptions>>().Value;
        if (storage.Provider == StorageProvider.S3)
            return app.UseWhen(http => http.Request.Path.StartsWithSegments(root), bucket => bucket.Run(BucketFileServer.ServeAsync));

        var folder = Path.Combine(storage.FullRoot, AttachmentLocations.Root);
        Directory.CreateDirectory(folder);

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = "/" + AttachmentLocations.Root,
            ContentTypeProvider = ContentTypes(),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = PrepareResponse,
            OnPrepareResponseAsync = NameDownloadAsync,
        });
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(root), missing => missing.Run(SignedFileServer.RefuseAsync));
    }

    /// <summary>Exactly the types the detector can store; any other file under uploads/ is not served.</summary>
    private static FileExtensionContentTypeProvider ContentTypes() =>
        new(KnownFileTypes.ServedContentTypes.ToDictionary(t => "." + t.Key, t => t.Value, StringComparer.OrdinalIgnoreCase));

    private static void PrepareResponse(StaticFileResponseContext context) =>
        StoredFileResponse.SetServingHeaders(context.Context.Response.Headers, isPrivate: false);

    private static async Task NameDownloadAsync(StaticFileResponseContext context)
    {
        var http = context.Context;
        // Images show inline and need no name, so they cost no query. A 304 sends none either: a cache would take
        // it as the new header of what it holds.
        if (WebImageFormats.IsWebFormat(Path.GetExtension(context.File.Name).TrimStart('.'))
            || http.Response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status206PartialContent))
        {
            return;
        }

        // A file with no row yet (placed on disk, not scanned) downloads under its stored name.
        var name = await DownloadNameAsync(http, http.Request.Path.Value!.TrimStart('/')) ?? context.File.Name;
        http.Response.Headers[HeaderNames.ContentDisposition] = AttachmentDisposition.For(name);
    }

    internal static async Task<string?> DownloadNameAsync(HttpContext http, string location)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IMediator>().Send(new GetDownloadNameQuery(location), http.RequestAborted);
        }
        // Public files stay downloadable while PostgreSQL is away, under the name they are stored as.
        catch (Exception e) when (http.RequestServices.GetRequiredService<IDatabaseFailures>().IsUnavailable(e))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UploadsFileServer))
                .LogWarning(e, "The database is unreachable; {Location} downloads under its stored name", location);
            return null;
        }
    }
}
