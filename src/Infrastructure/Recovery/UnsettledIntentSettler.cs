using Attachments.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Recovery;

/// <summary>
/// Settles the journal records this process's requests left unsettled (a commit that failed with an
/// unknown outcome, typically because PostgreSQL went away) as soon as the database answers again.
/// </summary>
public sealed class UnsettledIntentSettler(FileJournal journal, IServiceScopeFactory scopes, ILogger<UnsettledIntentSettler> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        var records = journal.Unsettled;
        if (records.Count == 0)
            return;

        var counts = new RecoveryCounts();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IntentReplayer>().SettleAsync(records, counts, cancellationToken);
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e) || IntentReplayer.IsLockTimeout(e))
        {
            logger.LogDebug(e, "{Count} journal records wait for the database to be settled", records.Count);
            return;
        }
        finally
        {
            foreach (var record in records.Where(r => !File.Exists(r)))
                journal.Forget(record);
        }

        logger.LogInformation("Settled {Count} journal records left by failed commits: {Counts}", records.Count, counts);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SettleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stopping here would stop the host; the records stay, and the next start settles them.
                logger.LogError(e, "Settling journal records failed; trying again shortly");
            }
        }
    }
}
