using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.FileTypes;
using Attachments.Infrastructure.Files;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Serves <c>GET /uploads/…</c> without a token. The static file middleware gives ETag, Last-Modified,
/// conditional GET and ranges, and refuses paths that leave the folder.
/// </summary>
public static class UploadsFileServer
{
    // Files are replaced in place (upload with id keeps the URL), so caches revalidate with the ETag.
    private const string CacheControl = "public, no-cache";

    public static IApplicationBuilder UseUploadsFileServer(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var folder = Path.Combine(storage.FullRoot, AttachmentLocations.Root);
        Directory.CreateDirectory(folder);

        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = "/" + AttachmentLocations.Root,
            ContentTypeProvider = ContentTypes(),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = PrepareResponse,
        });
    }

    /// <summary>Exactly the types the detector can store; any other file under uploads/ is not served.</summary>
    private static FileExtensionContentTypeProvider ContentTypes()
    {
        var mappings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in KnownFileTypes.All)
        {
            mappings["." + type.Extension] = type.Category == FileCategory.Text
                ? type.MimeType + "; charset=utf-8"
                : type.MimeType;
        }

        return new FileExtensionContentTypeProvider(mappings);
    }

    private static void PrepareResponse(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = CacheControl;
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";

        // Only the raster formats images are stored in are shown inline; everything else downloads.
        if (!WebImageFormats.IsWebFormat(Path.GetExtension(context.File.Name).TrimStart('.')))
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(context.File.Name);
            headers[HeaderNames.ContentDisposition] = disposition.ToString();
        }
    }
}
