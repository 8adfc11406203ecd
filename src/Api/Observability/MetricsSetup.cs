using Attachments.Application.Common.Interfaces;
using OpenTelemetry.Metrics;

namespace Attachments.Api.Observability;

/// <summary>
/// <c>GET /metrics</c> in Prometheus text format: the service's own meter plus what ASP.NET Core, Kestrel,
/// the rate limiter, Npgsql and the runtime report. No token, like the health endpoints: keep it to the internal network.
/// </summary>
public static class MetricsSetup
{
    private static readonly string[] Meters =
    [
        AttachmentsMeter.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Npgsql",
        "System.Runtime",
    ];

    public static IServiceCollection AddMetricsEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
            return services;

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            // A scrape shows the counts of that moment, not a copy up to 300 ms old.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static void MapMetricsEndpoint(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
            app.MapPrometheusScrapingEndpoint(MetricsOptions.Path).ExcludeFromDescription();
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        (configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions()).Enabled;
}
