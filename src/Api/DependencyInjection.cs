using System.Text.Encodings.Web;
using System.Text.Json;
using Attachments.Api.Authentication;
using Attachments.Api.Composition;
using Attachments.Api.Envelope;
using Attachments.Api.Infrastructure;
using Attachments.Api.Observability;
using Attachments.Api.OpenApi;
using Attachments.Api.RateLimiting;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;

namespace Attachments.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddApiServices(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddScoped<IApiDialect, EndpointDialect>();
        services.AddScoped<IPublicUrls, RequestPublicUrls>();
        services.AddOptions<PublicFilesOptions>().Bind(configuration.GetSection(PublicFilesOptions.SectionName))
            // A bucket's presigned URL may live at most 7 days (SigV4).
            .Validate(o => o.SignedUrlLifetime >= TimeSpan.FromSeconds(1) && o.SignedUrlLifetime <= TimeSpan.FromDays(7),
                "Storage:SignedUrlLifetime must be from 1 second to 7 days.")
            .ValidateOnStart();
        services.AddSingleton<DerivativeFlights>();
        services.AddSingleton<EnvelopeWriter>();
        services.AddEnvelopeStatus(configuration);
        services.AddExceptionHandler<EnvelopeExceptionHandler>();
        services.AddProblemDetails();

        services.AddControllers()
            .AddJsonOptions(options =>
            {
                // The serializer's own text stays out of messages; InvalidModelStateResponse words them.
                options.AllowInputFormatterExceptionMessages = false;
                options.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
                options.JsonSerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
                // Messages and file names read as written (any language's letters, ' < > &) rather than as \uXXXX escapes.
                // Quotes, backslashes and control characters are still escaped, so the JSON is always valid; escaping
                // < > & would protect only JSON pasted into an HTML <script>, which these answers never are (they
                // are application/json with nosniff), and JSON.parse turns such escapes back into the same text.
                options.JsonSerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            })
            .ConfigureApiBehaviorOptions(options =>
            {
                options.InvalidModelStateResponseFactory = InvalidModelStateResponse.Create;
                // Framework-made 4xx (415 for a non-JSON body, …) go to the status-code page, which writes the envelope.
                options.SuppressMapClientErrors = true;
            });

        services.AddTokenAuthentication();
        services.AddTokenValidation(configuration, environment);
        services.AddRequestRateLimits(configuration);
        services.AddServerLimits(configuration);
        services.AddRequestTimeoutPolicy();
        services.AddAdminOriginsCors(configuration);
        services.AddTrustedProxies(configuration);
        services.AddApiDocumentation();
        services.AddRequestIds();
        services.AddMetricsEndpoint(configuration);
        return services;
    }
}
