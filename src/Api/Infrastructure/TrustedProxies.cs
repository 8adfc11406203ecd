using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy every connection comes from the proxy, so the per-address rate limits would count all
/// clients together. X-Forwarded-For/-Proto are believed only from the addresses listed in
/// <c>ForwardedHeaders:KnownProxies</c>; from anyone else they are ignored, so a client cannot pick its own address.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = (configuration.GetSection(SectionName + ":KnownProxies").Get<string[]>() ?? [])
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(Parse)
            .ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the hop our own proxy added counts; anything further left was written by the client.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(proxy);
        });
        return services;
    }

    /// <summary>First in the pipeline, so rate limits, logs and public URLs all see the client's address and scheme.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
            app.UseForwardedHeaders();
        return app;
    }

    private static IPAddress Parse(string value) =>
        IPAddress.TryParse(value.Trim(), out var address)
            ? address
            : throw new InvalidOperationException(
                $"{SectionName}:KnownProxies contains '{value}', which is not an IP address; list the proxies' addresses, e.g. 10.0.0.5.");
}
