namespace Attachments.Api.RateLimiting;

/// <summary>
/// Whether Redis counts the limits right now. A failure is logged once, and for a few seconds after it the limits are
/// counted in this process without asking Redis, so that a Redis that hangs costs one slow request, not every one.
/// </summary>
public sealed class SharedCountOutage(TimeProvider time, ILogger<SharedCountOutage> logger)
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private long _retryAt;
    private int _down;

    public bool ShouldAskRedis => time.GetTimestamp() >= Interlocked.Read(ref _retryAt);

    public void Failed(Exception e)
    {
        Interlocked.Exchange(ref _retryAt, time.GetTimestamp() + (long)(RetryAfterFailure.TotalSeconds * time.TimestampFrequency));
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            logger.LogWarning(
                "Rate limits cannot be counted in Redis ({Reason}): each instance counts them on its own until Redis answers again",
                e.Message);
        }
    }

    public void Answered()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
            logger.LogInformation("Redis answers again: rate limits are shared by every instance again");
    }
}
