using Attachments.Infrastructure.Files;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Attachments.Infrastructure.Health;

/// <summary>Ready only if the storage answers: a file can be written where uploads are staged, the bucket can be listed.</summary>
public sealed class StorageHealthCheck(IStoredFiles storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("The storage answers.");
}
