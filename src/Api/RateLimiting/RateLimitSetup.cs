using System.Globalization;
using System.Threading.RateLimiting;
using Attachments.Api.Envelope;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.RateLimiting;

public static class RateLimitSetup
{
    public const string LoginPolicy = "login";
    public const string UploadPolicy = "upload";

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(LoginPolicy, http => FixedWindow("address:" + Address(http), limits.Login));
            // Authorisation runs first, so an upload always has its user; the address is only a fallback.
            options.AddPolicy(UploadPolicy, http => FixedWindow(
                http.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } user ? "user:" + user : "address:" + Address(http),
                limits.Upload));
            options.OnRejected = WriteTooManyRequestsAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> FixedWindow(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 60;
        var http = context.HttpContext;
        http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
            http, StatusCodes.Status429TooManyRequests, $"Too many requests; try again in {seconds} seconds.");
    }
}
