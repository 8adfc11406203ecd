using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Attachments.Api.RateLimiting;

/// <summary>
/// One fixed window counted in Redis (RedisRateLimiting's Lua script: atomic across instances, expired by Redis).
/// While Redis cannot be reached the same window is counted in this process instead: the limits stay, per instance,
/// as they are without Redis, rather than every login and upload failing with the counter store.
/// </summary>
internal sealed class SharedFixedWindowLimiter : RateLimiter
{
    private static readonly RateLimitLease NotAskedYet = new WindowLease(isAcquired: false, retryAfter: null);

    private readonly WindowLimit _limit;
    private readonly SharedCountOutage _outage;
    private readonly RedisFixedWindowRateLimiter<string> _shared;
    private readonly Lazy<FixedWindowRateLimiter> _local;

    public SharedFixedWindowLimiter(string key, WindowLimit limit, IConnectionMultiplexer redis, SharedCountOutage outage)
    {
        _limit = limit;
        _outage = outage;
        _shared = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            ConnectionMultiplexerFactory = () => redis,
        });
        // Made only once Redis fails, since it replenishes on a timer of its own.
        _local = new(() => new FixedWindowRateLimiter(WindowPartitions.LocalOptions(_limit)));
    }

    public override TimeSpan? IdleDuration =>
        _shared.IdleDuration is not { } shared ? null
        : !_local.IsValueCreated ? shared
        : _local.Value.IdleDuration is { } local ? TimeSpan.FromTicks(Math.Min(shared.Ticks, local.Ticks))
        : null;

    public override RateLimiterStatistics? GetStatistics() => null;

    // Redis is only asked asynchronously; the rate limiter middleware follows a refused attempt with AcquireAsync,
    // and LoginUserNameLimiter calls that directly. Refusing here counts nothing.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotAskedYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_outage.ShouldAskRedis)
        {
            try
            {
                using var lease = await _shared.AcquireAsync(permitCount, cancellationToken);
                _outage.Answered();
                return lease.IsAcquired
                    ? new WindowLease(isAcquired: true, retryAfter: null)
                    : new WindowLease(isAcquired: false, RetryAfterOf(lease));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                _outage.Failed(e);
            }
        }

        return await _local.Value.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _shared.Dispose();
            if (_local.IsValueCreated)
                _local.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    // The script reports whole seconds to the end of the window; 0 in its last second.
    private TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : _limit.Window;

    /// <summary>A lease that says when to retry the way the in-process limiters do, so one 429 answer serves both.</summary>
    private sealed class WindowLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
