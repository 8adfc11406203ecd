using Attachments.Application.Attachments.Common;
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

    private static FileExtensionContentTypeProvider ContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".md"] = "text/markdown; charset=utf-8";
        provider.Mappings[".csv"] = "text/csv; charset=utf-8";
        provider.Mappings[".txt"] = "text/plain; charset=utf-8";
        provider.Mappings[".webp"] = "image/webp";
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".7z"] = "application/x-7z-compressed";
        provider.Mappings[".rar"] = "application/vnd.rar";
        provider.Mappings[".xz"] = "application/x-xz";
        provider.Mappings[".bz2"] = "application/x-bzip2";
        return provider;
    }

    private static void PrepareResponse(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = CacheControl;
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";

        var contentType = context.Context.Response.ContentType ?? string.Empty;
        if (!contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(context.File.Name);
            headers[HeaderNames.ContentDisposition] = disposition.ToString();
        }
    }
}
