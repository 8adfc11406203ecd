using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Attachments.Api.RateLimiting;

/// <summary>
/// The fixed window of every limit: counted in Redis when <c>ConnectionStrings:Redis</c> is set, so that all instances
/// share one count, else in this process (each instance allows the full rate).
/// </summary>
public sealed class WindowPartitions(SharedCountOutage outage, IConnectionMultiplexer? redis = null)
{
    /// <summary>Keys in Redis start with this, so that the service's counters stand apart from anything else there.</summary>
    public const string RedisKeyPrefix = "attachments:";

    /// <param name="key">Unique across all limits: in Redis they share one key space.</param>
    public RateLimitPartition<string> For(string key, WindowLimit limit) => redis is null
        ? RateLimitPartition.GetFixedWindowLimiter(key, _ => LocalOptions(limit))
        : RateLimitPartition.Get(key, k => new SharedFixedWindowLimiter(RedisKeyPrefix + k, limit, redis, outage));

    internal static FixedWindowRateLimiterOptions LocalOptions(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
    };
}
