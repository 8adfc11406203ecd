using System.Threading.Channels;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Jobs;

/// <summary>
/// This instance's share of every running job (docs/decisions/018-durable-jobs.md): Jobs:MaxConcurrency lanes each
/// claim a batch, keep its lease alive while doing its units one after another, and finish it, going straight on
/// with whatever the finish handed back (the next phase's planning, the first batch planned). Stopping releases the
/// batches held; a killed instance's leases run out and another instance claims them.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobWorker> logger)
    : BackgroundService, IBackgroundJobs
{
    private readonly Channel<ClaimedBatch> _started = Channel.CreateUnbounded<ClaimedBatch>();
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Names this instance in the tables: host, process id, and a random part (tests run several in one process).</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private JobOptions Options => options.Value;

    public async Task<Job> StartAsync(string kind, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var phases = scope.ServiceProvider.GetRequiredKeyedService<IBackgroundJob>(kind).Phases;
        var (job, planning) = await scope.ServiceProvider.GetRequiredService<JobStore>().StartAsync(kind, phases, Instance, cancellationToken);
        if (planning is not null)
        {
            logger.LogInformation("Job {JobId} ({Kind}) started: {Phases}", job.Id, kind, string.Join(", ", phases));
            _started.Writer.TryWrite(planning);
            Wake();
        }

        return job;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Options.EffectiveMaxConcurrency).Select(_ => Task.Run(() => RunLaneAsync(stoppingToken), CancellationToken.None)));

        // Started here just before the stop, never begun: another instance need not wait for their leases.
        while (_started.Reader.TryRead(out var batch))
            await ReleaseAsync(batch);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task RunLaneAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                var batch = _started.Reader.TryRead(out var started) ? started : await WithStoreAsync(s => s.ClaimAsync(Instance, stopping));
                while (batch is not null)
                {
                    worked = true;
                    batch = await WorkAsync(batch, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                if (worked)
                    logger.LogWarning(e, "Job work waits for the database; the batch held is taken again once its lease runs out");
                else
                    logger.LogDebug(e, "Job work waits for the database");
                worked = false;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Job work failed; the batch held is taken again once its lease runs out");
                worked = false;
            }

            if (!worked)
            {
                try
                {
                    await _wake.WaitAsync(Options.PollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Does the batch and finishes it; returns the batch this instance holds next, if any.</summary>
    private async Task<ClaimedBatch?> WorkAsync(ClaimedBatch batch, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            await ReleaseAsync(batch);
            return null;
        }

        // A batch started here may have waited for a free lane past its lease; it is still ours unless someone took it.
        if (!await WithStoreAsync(s => s.RenewAsync(batch, Instance, CancellationToken.None)))
            return null;

        if (batch.Units is null && batch.Attempts > Options.MaxAttempts)
        {
            logger.LogError("Job {JobId} ({Kind}): planning {Phase} was cut short {Times} times; the job fails", batch.JobId, batch.Kind, batch.Phase, batch.Attempts - 1);
            await FailAsync(batch, $"planning {batch.Phase} was cut short {batch.Attempts - 1} times (see the log)");
            return null;
        }

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        BatchOutcome outcome;
        var heartbeat = KeepLeaseAsync(batch, lost);
        try
        {
            outcome = batch.Units is null ? await PlanAsync(batch, lost.Token)
                : batch.Attempts > Options.MaxAttempts ? GiveUp(batch)
                : await RunUnitsAsync(batch, lost.Token);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            await ReleaseAsync(batch);
            return null;
        }
        catch (Exception) when (lost.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId}: batch {BatchId} was taken over by another instance (its lease ran out); that one does it", batch.JobId, batch.Id);
            return null;
        }
        catch (Exception e) when (batch.Units is null && !DatabaseFailures.IsUnavailable(e))
        {
            logger.LogError(e, "Job {JobId} ({Kind}): planning {Phase} failed; the job fails", batch.JobId, batch.Kind, batch.Phase);
            await FailAsync(batch, Describe(e));
            return null;
        }
        finally
        {
            await lost.CancelAsync();
            await heartbeat;
        }

        var finished = await WithStoreAsync(s => s.FinishAsync(batch, outcome, Instance, CancellationToken.None));
        if (finished is null)
            return null;

        if (finished.PlannedMore)
            Wake();

        LogProgress(finished.Job, outcome);
        return finished.Next;
    }

    private async Task<BatchOutcome> PlanAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var plan = await scope.ServiceProvider.GetRequiredKeyedService<IBackgroundJob>(batch.Kind).PlanAsync(batch.Phase, cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}): {Phase} planned, {Count} units", batch.JobId, batch.Kind, batch.Phase, plan.Units.Count);
        return BatchOutcome.Of(plan);
    }

    private async Task<BatchOutcome> RunUnitsAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        var outcome = new BatchOutcome();
        foreach (var unit in batch.Units!)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var job = scope.ServiceProvider.GetRequiredKeyedService<IBackgroundJob>(batch.Kind);
                outcome.Done(await job.RunAsync(batch.Phase, unit, cancellationToken));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && !DatabaseFailures.IsUnavailable(e))
            {
                logger.LogWarning(e, "Job {JobId} ({Kind}): {Item} failed", batch.JobId, batch.Kind, unit);
                outcome.Failure(unit, Describe(e));
            }
        }

        return outcome;
    }

    /// <summary>Instances kept dying on this batch (or could not finish it): its units count as failed instead of being tried again.</summary>
    private BatchOutcome GiveUp(ClaimedBatch batch)
    {
        logger.LogError("Job {JobId} ({Kind}): batch {BatchId} given up after {Times} attempts", batch.JobId, batch.Kind, batch.Id, batch.Attempts - 1);
        var outcome = new BatchOutcome();
        foreach (var unit in batch.Units!)
            outcome.Failure(unit, $"given up after {batch.Attempts - 1} attempts that did not finish (see the log)");
        return outcome;
    }

    private async Task FailAsync(ClaimedBatch batch, string reason) =>
        await WithStoreAsync(s => s.FailAsync(batch, "The job stopped: " + reason, Instance, CancellationToken.None));

    /// <summary>Renews the lease every third of it until <paramref name="lost"/> is cancelled, and cancels it when the batch is no longer ours.</summary>
    private async Task KeepLeaseAsync(ClaimedBatch batch, CancellationTokenSource lost)
    {
        while (!lost.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.BatchLease / 3, lost.Token);
                if (!await WithStoreAsync(s => s.RenewAsync(batch, Instance, lost.Token)))
                {
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogDebug(e, "Job {JobId}: the lease of batch {BatchId} could not be renewed; trying again", batch.JobId, batch.Id);
            }
        }
    }

    private async Task ReleaseAsync(ClaimedBatch batch)
    {
        try
        {
            await WithStoreAsync(s => s.ReleaseAsync(batch, Instance, CancellationToken.None));
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
        {
            logger.LogWarning(e, "Job {JobId}: batch {BatchId} could not be released; it is taken again once its lease runs out", batch.JobId, batch.Id);
        }
    }

    private void LogProgress(Job job, BatchOutcome outcome)
    {
        if (job.State != Application.Jobs.Common.JobStates.Running)
        {
            logger.LogInformation("Job {JobId} ({Kind}) {State}: {Summary}", job.Id, job.Kind, job.State, Summary(job));
        }
        else if (outcome.Processed > 0 && job.Processed / Options.LogEvery != (job.Processed - outcome.Processed) / Options.LogEvery)
        {
            logger.LogInformation(
                "Job {JobId} ({Kind}): {Processed}/{Total} processed, {Failed} failed", job.Id, job.Kind, job.Processed, job.Total, job.Failed);
        }
    }

    private void Wake()
    {
        // Waking more lanes than wait is harmless: they look for work once more and wait again.
        var asleep = Options.EffectiveMaxConcurrency - _wake.CurrentCount;
        if (asleep > 0)
            _wake.Release(asleep);
    }

    private async Task<T> WithStoreAsync<T>(Func<JobStore, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobStore>());
    }

    private async Task WithStoreAsync(Func<JobStore, Task> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<JobStore>());
    }

    private static string Summary(Job job) =>
        $"{job.Processed}/{job.Total} processed, {job.Indexed} indexed, {job.ImagesProcessed} images processed, " +
        $"{job.ThumbnailsBuilt} thumbnails built, {job.Skipped} skipped, {job.Duplicates} duplicates, {job.Ignored} ignored, " +
        $"{job.AlreadyIndexed} already indexed, {job.Failed} failed";

    /// <summary>What an admin may read about a failure: our own messages, not paths or driver details.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        NotFoundException or ValidationException or UnsupportedMediaTypeException or UnprocessableContentException
            or ConflictException => exception.Message,
        IOException or UnauthorizedAccessException => "the file could not be read or written (see the log)",
        DbUpdateException => "the database refused the row (see the log)",
        _ => "unexpected error (see the log)",
    };
}
