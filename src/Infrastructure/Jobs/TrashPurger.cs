using Attachments.Application.Attachments.Commands.PurgeTrash;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Jobs;

/// <summary>
/// In every instance, every <c>Attachments:TrashPurgeInterval</c>: deletes for ever, rows and files, the attachments that
/// have been in the trash longer than <c>Attachments:TrashRetention</c>. Instances purging at once each lose nothing:
/// a batch another one took first is simply left to it.
/// </summary>
public sealed class TrashPurger(IServiceScopeFactory scopes, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<TrashPurger> logger)
    : BackgroundService
{
    /// <returns>How many attachments went.</returns>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TrashRetention == TimeSpan.Zero)
            return 0;

        var purged = 0;
        int batch;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            batch = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PurgeTrashCommand(), cancellationToken);
            purged += batch;
        }
        while (batch == PurgeTrashCommand.BatchSize);

        if (purged > 0)
            logger.LogInformation("Deleted for ever {Count} attachments that were in the trash longer than {Retention}", purged, options.Value.TrashRetention);

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrashPurgeInterval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogDebug(e, "The trash purge waits for the database");
            }
            // A host that failed to start disposes its services without stopping this loop first; MediatR wraps the
            // disposed provider's exception in its own.
            catch (Exception e) when (e is ObjectDisposedException || e.InnerException is ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The trash purge failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
