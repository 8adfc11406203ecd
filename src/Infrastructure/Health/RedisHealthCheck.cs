using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Attachments.Infrastructure.Health;

/// <summary>
/// Degraded, never Unhealthy, while Redis does not answer: the rate limits are then counted by each instance on its
/// own, and taking every instance out of the load balancer for that would turn a lost counter store into an outage.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    private const string Unreachable = "Redis does not answer: each instance counts the rate limits on its own.";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
            return HealthCheckResult.Degraded(Unreachable);

        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:0.#} ms; rate limits are shared by every instance.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded(Unreachable, e);
        }
    }
}
