namespace Attachments.Api.Observability;

public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";
    public const string Path = "/metrics";

    /// <summary>Serve <c>GET /metrics</c> (Prometheus text, no token: keep it to the internal network).</summary>
    public bool Enabled { get; set; } = true;
}
