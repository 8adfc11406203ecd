namespace Attachments.Api.Infrastructure;

/// <summary>How long and how slowly a client may take before the server gives up on it (section <c>Server</c>).</summary>
public sealed class ServerLimitOptions
{
    public const string SectionName = "Server";

    /// <summary>Time for a request's headers to arrive in full; a client that trickles them is cut off.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An idle kept-alive connection is closed after this.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Slowest average rate a request body may arrive at, after the grace period; 0 switches the check off.
    /// 1 KiB/s is far below any real link, yet cuts off a client that holds an upload open by trickling bytes.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slowest rate a client may read a response (a download) at, after the grace period; 0 switches it off.</summary>
    public double MinResponseBytesPerSecond { get; set; } = 240;

    public TimeSpan MinResponseGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest time the API works on a request; then it answers 503. Uploads and streamed lists (GetAllImages) are
    /// exempt: their time grows with the data, and the minimum body and response rates guard them instead.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
