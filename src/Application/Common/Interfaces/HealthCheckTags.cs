namespace Attachments.Application.Common.Interfaces;

/// <summary>Tags that group the health checks the layers register for the endpoints that report them.</summary>
public static class HealthCheckTags
{
    /// <summary>Checks that must pass before the service takes traffic (<c>GET /health/ready</c>).</summary>
    public const string Ready = "ready";
}
