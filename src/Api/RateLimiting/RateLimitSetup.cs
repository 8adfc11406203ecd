using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Attachments.Api.RateLimiting;

public static class RateLimitSetup
{
    public const string LoginPolicy = "login";
    public const string UploadPolicy = "upload";

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        Check(limits);
        services.AddSingleton<SharedCountOutage>();
        services.AddSingleton<WindowPartitions>();
        // Every key names its limit: counted in Redis, all limits share one key space.
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(LoginPolicy, http => Partitions(http).For("login-address:" + Address(http), limits.Login));
            // Authorisation runs first, so an upload always has its user; the address is only a fallback.
            options.AddPolicy(UploadPolicy, http => Partitions(http).For(
                http.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } user ? "upload-user:" + user : "upload-user-address:" + Address(http),
                limits.Upload));
            // An endpoint has one policy, so the per-address upload limit is the global limiter, which the middleware
            // acquires before the endpoint's: an upload needs a permit from both.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => PolicyOf(http) == UploadPolicy
                ? Partitions(http).For("upload-address:" + Address(http), limits.UploadPerAddress)
                : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = (context, _) => TooManyRequests.WriteAsync(context.HttpContext, context.Lease);
        });

        // The user name is in the JSON body, which the limiter middleware cannot read; an action filter gets it bound.
        services.AddSingleton(provider => new LoginUserNameLimiter(provider.GetRequiredService<WindowPartitions>(), limits.LoginPerUserName));
        services.AddScoped<LoginUserNameRateLimitFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Conventions.Add(new LoginUserNameRateLimitConvention()));
        return services;
    }

    // A zero limit or window would only fail at the first request, as a 500; say so at start-up instead.
    private static void Check(RateLimitOptions limits)
    {
        foreach (var (name, limit) in new[]
                 {
                     (nameof(limits.Login), limits.Login), (nameof(limits.LoginPerUserName), limits.LoginPerUserName),
                     (nameof(limits.Upload), limits.Upload), (nameof(limits.UploadPerAddress), limits.UploadPerAddress),
                 })
        {
            if (limit.PermitLimit <= 0 || limit.Window <= TimeSpan.Zero)
                throw new InvalidOperationException($"{RateLimitOptions.SectionName}:{name} needs a positive PermitLimit and Window.");
        }
    }

    private static WindowPartitions Partitions(HttpContext http) => http.RequestServices.GetRequiredService<WindowPartitions>();

    private static string? PolicyOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
