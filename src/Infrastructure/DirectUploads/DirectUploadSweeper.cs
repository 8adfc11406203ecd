using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.DirectUploads;

/// <summary>
/// In every instance: deletes expired direct uploads with their bytes, then any bytes last written more than
/// <c>DirectUploads:UrlLifetime</c> ago, which no upload that has not expired can own.
/// </summary>
public sealed class DirectUploadSweeper(
    IServiceScopeFactory scopes,
    IOptions<DirectUploadOptions> options,
    TimeProvider time,
    ILogger<DirectUploadSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <returns>The expired uploads deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        // A storage provider without direct uploads registers no target: nothing to sweep.
        if (scope.ServiceProvider.GetService<IDirectUploadTarget>() is not { } target)
            return 0;

        var db = scope.ServiceProvider.GetRequiredService<AttachmentsDbContext>();

        var removed = 0;
        int batch;
        do
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // SKIP LOCKED: an upload being completed keeps its row and bytes until that ends; other instances sweep other rows.
            var expired = await db.DirectUploads
                .FromSql($"SELECT * FROM direct_uploads WHERE expires_at <= {now} ORDER BY expires_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            var ids = expired.Select(u => u.Id).ToList();

            if (ids.Count == 0)
                break;

            // Bytes first: should this stop half-way, the rows are still there for the next sweep.
            foreach (var id in ids)
                await target.DeleteAsync(id, cancellationToken);

            await db.DirectUploads.Where(u => ids.Contains(u.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            batch = ids.Count;
            removed += batch;
        }
        while (batch == BatchSize);

        // An upload presigned before now - lifetime has expired, and so has any upload its bytes were sent for since.
        await target.SweepAsync(now - options.Value.UrlLifetime, cancellationToken);
        if (removed > 0)
            logger.LogInformation("Removed {Count} expired direct uploads and their bytes", removed);

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogDebug(e, "The direct upload sweep waits for the database");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stopping here would stop the host; the next sweep tries again.
                logger.LogError(e, "The direct upload sweep failed; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
