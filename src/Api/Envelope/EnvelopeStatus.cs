using Attachments.Api.Tus;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Envelope;

public static class EnvelopeStatus
{
    public static IServiceCollection AddEnvelopeStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CompatOptions>().Bind(configuration.GetSection(CompatOptions.SectionName));
        return services;
    }

    /// <summary>
    /// With <see cref="EnvelopeStatusMode.AlwaysOk"/>, every <c>/api/...</c> envelope but tus's leaves as HTTP 200 whoever wrote it
    /// (controllers, the exception handler, authentication, rate limits); the body, <c>code</c> and <c>msg</c> included,
    /// stays as it is, and the true status is still what logs and <c>attachments_rejections_total</c> record.
    /// </summary>
    public static WebApplication UseEnvelopeStatus(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<CompatOptions>>().Value.EnvelopeStatus != EnvelopeStatusMode.AlwaysOk)
            return app;

        app.Use((context, next) =>
        {
            // A tus client (/api/tus) follows the protocol's statuses, which a 200 would hide from it.
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && !path.StartsWithSegments(TusProtocol.BasePath, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    var response = context.Response;
                    if (response.StatusCode >= 400 && response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
                        response.StatusCode = StatusCodes.Status200OK;
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }
}
