using Attachments.Api.Envelope;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Serves the media library (the built <c>admin/</c> app) at <c>/admin/</c> and its picker at <c>/admin/picker.js</c>,
/// from <c>Admin:Root</c> or <c>wwwroot/admin</c> beside the app. <c>frame-ancestors</c> lists the CORS origins, so only
/// the configured CMS pages can frame the picker (decision 029).
/// </summary>
public static class AdminApp
{
    private const string PathPrefix = "/admin";

    public static WebApplication UseAdminApp(this WebApplication app)
    {
        var configured = app.Configuration["Admin:Root"];
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "wwwroot", "admin")
            : Path.GetFullPath(configured);
        var policy = ContentSecurityPolicy(app);

        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), admin =>
        {
            admin.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Request.Path.Value == PathPrefix)
                {
                    context.Response.Redirect(PathPrefix + "/" + context.Request.QueryString);
                    return Task.CompletedTask;
                }
                return next(context);
            });

            if (!File.Exists(Path.Combine(root, "index.html")))
            {
                admin.Run(context => context.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
                    context, StatusCodes.Status404NotFound,
                    $"The media library is not built: run 'npm ci && npm run build' in admin/ (it is looked for in {root})."));
                return;
            }

            var files = new PhysicalFileProvider(root);
            admin.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = PathPrefix });
            admin.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = PathPrefix,
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                    file.Context.Request.Path.StartsWithSegments(PathPrefix + "/assets")
                        ? "public, max-age=31536000, immutable"
                        : "no-cache",
            });
        });
        return app;
    }

    private static string ContentSecurityPolicy(WebApplication app)
    {
        var origins = app.Services.GetRequiredService<CorsSetup.AllowedOrigins>().All;
        var images = "'self' data: blob:";
        var publicBase = app.Services.GetRequiredService<IOptions<PublicFilesOptions>>().Value.PublicBaseUrl;
        if (Uri.TryCreate(publicBase, UriKind.Absolute, out var filesUri))
            images += " " + filesUri.GetLeftPart(UriPartial.Authority);
        return string.Join("; ",
            "default-src 'self'",
            $"img-src {images}",
            "style-src 'self'",
            "script-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors " + string.Join(' ', origins.Prepend("'self'")));
    }
}
