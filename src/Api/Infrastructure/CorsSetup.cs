using Attachments.Api.Authentication;
using Attachments.Api.Observability;
using Attachments.Api.Tus;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// CORS for the configured admin origins only. Tokens travel in the Authorization header, so credentials
/// (cookies) are never allowed. Other origins get no CORS headers, and their preflights are answered by the
/// CORS middleware without reaching anything behind it.
/// </summary>
public static class CorsSetup
{
    public static IServiceCollection AddAdminOriginsCors(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(CrossOriginOptions.SectionName).Get<CrossOriginOptions>() ?? new CrossOriginOptions();
        var origins = settings.AllowedOrigins.Select(CheckedOrigin).ToHashSet(StringComparer.OrdinalIgnoreCase);
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            // A predicate rather than WithOrigins, so that every CORS answer carries Vary: Origin.
            .SetIsOriginAllowed(origins.Contains)
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options)
            .WithHeaders([HeaderNames.Authorization, AuthenticationSetup.AdminTokenHeader, HeaderNames.ContentType, RequestIds.HeaderName, .. TusProtocol.RequestHeaders])
            .WithExposedHeaders([HeaderNames.RetryAfter, RequestIds.HeaderName, HeaderNames.ContentDisposition, HeaderNames.ETag, .. TusProtocol.ResponseHeaders])
            .SetPreflightMaxAge(settings.PreflightMaxAge)));
        services.AddSingleton(new AllowedOrigins(origins));
        return services;
    }

    /// <summary>
    /// Goes first in the pipeline: the headers are added as the response starts, so the envelopes of errors
    /// (401, 413, 429, 503, …) and the files under <c>/uploads</c> carry them too, and preflights are answered
    /// before authentication, rate limits or controllers see them.
    /// </summary>
    public static WebApplication UseAdminOriginsCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AllowedOrigins>().Any)
        {
            // A shared cache (a CDN in front of /uploads) must not hand one origin's answer to another, or to a request
            // without Origin: the CORS middleware only says Vary when it allows an origin.
            app.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var vary = context.Response.Headers.Vary;
                    if (!vary.Any(v => v is not null && v.Contains(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase)))
                        context.Response.Headers.Vary = StringValues.Concat(vary, HeaderNames.Origin);
                    return Task.CompletedTask;
                });
                return next(context);
            });
        }

        app.UseCors();
        return app;
    }

    private static string CheckedOrigin(string origin)
    {
        var trimmed = origin.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidOperationException(
                $"Cors:AllowedOrigins has '{origin}', which is not an origin; write each as scheme://host[:port], e.g. https://admin.example.com.");
        }

        // As a browser writes it in Origin: lower-case, default port left out, international names in punycode.
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    internal sealed class AllowedOrigins(HashSet<string> origins)
    {
        public bool Any => origins.Count > 0;

        public IEnumerable<string> All => origins;
    }
}
