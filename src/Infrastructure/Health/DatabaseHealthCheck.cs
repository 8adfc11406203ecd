using Attachments.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Attachments.Infrastructure.Health;

public sealed class DatabaseHealthCheck(AttachmentsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("PostgreSQL answers.")
            : HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
}
