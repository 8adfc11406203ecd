using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>Kestrel's limits for slow clients (slowloris), from <see cref="ServerLimitOptions"/>.</summary>
public static class ServerLimits
{
    // Kestrel checks data rates once a second and refuses a grace period that is not longer than that.
    private static readonly TimeSpan ShortestGracePeriod = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddServerLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerLimitOptions>().Bind(configuration.GetSection(ServerLimitOptions.SectionName))
            .Validate(o => o.RequestHeadersTimeout > TimeSpan.Zero && o.KeepAliveTimeout > TimeSpan.Zero,
                "Server:RequestHeadersTimeout and Server:KeepAliveTimeout must be positive.")
            .Validate(o => o.MinRequestBodyBytesPerSecond >= 0 && o.MinResponseBytesPerSecond >= 0,
                "Server:MinRequestBodyBytesPerSecond and Server:MinResponseBytesPerSecond must not be negative (0 switches the check off).")
            .Validate(o => o.MinRequestBodyGracePeriod > ShortestGracePeriod && o.MinResponseGracePeriod > ShortestGracePeriod,
                "Server:MinRequestBodyGracePeriod and Server:MinResponseGracePeriod must be longer than one second.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "Server:RequestTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerLimitOptions>>((kestrel, options) => Apply(kestrel.Limits, options.Value));
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPool.Factory>();
        return services;
    }

    private static void Apply(KestrelServerLimits limits, ServerLimitOptions options)
    {
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.KeepAliveTimeout = options.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = options.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyGracePeriod)
            : null;
        limits.MinResponseDataRate = options.MinResponseBytesPerSecond > 0
            ? new MinDataRate(options.MinResponseBytesPerSecond, options.MinResponseGracePeriod)
            : null;
    }
}
