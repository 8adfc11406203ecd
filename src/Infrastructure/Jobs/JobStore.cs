using Attachments.Application.Jobs.Common;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Data.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Attachments.Infrastructure.Jobs;

/// <summary>A batch this instance holds the lease of.</summary>
public sealed class ClaimedBatch
{
    public long Id { get; init; }

    public string JobId { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Phase { get; init; } = string.Empty;

    /// <summary>Null: the batch plans its phase.</summary>
    public List<string>? Units { get; init; }

    public int Attempts { get; init; }
}

/// <summary>The job after a batch was finished, and the batch this instance holds next (the next phase's planning, or the first batch it planned).</summary>
public sealed record FinishedBatch(Job Job, ClaimedBatch? Next, bool PlannedMore);

/// <summary>
/// The SQL of durable jobs (docs/decisions/018-durable-jobs.md): starting one, claiming and leasing batches with
/// <c>FOR UPDATE SKIP LOCKED</c>, and finishing a batch, which adds its counts to the job and, for the last batch of
/// a phase, moves the job on. Times are the database's, so instances' clocks need not agree.
/// </summary>
public sealed class JobStore(AttachmentsDbContext db, IOptions<JobOptions> options)
{
    public const int MaxErrors = 10;

    private TimeSpan Lease => options.Value.BatchLease;

    /// <summary>
    /// The new job and its first phase's planning, held by <paramref name="instance"/>; or, when a job of the kind runs
    /// already, that one and no batch.
    /// </summary>
    public async Task<(Job Job, ClaimedBatch? Plan)> StartAsync(
        string kind, IReadOnlyList<string> phases, string instance, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = new Job
            {
                Id = Guid.NewGuid().ToString("N"),
                Kind = kind,
                State = JobStates.Running,
                Phases = [.. phases],
                Phase = phases[0],
                StartedBy = instance,
            };
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.Jobs.Add(job);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: JobConfiguration.RunningKindIndex })
                {
                    db.ChangeTracker.Clear();
                    await transaction.RollbackAsync(cancellationToken);
                    var running = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Kind == kind && j.State == JobStates.Running, cancellationToken);
                    if (running is not null)
                        return (running, null);

                    // It ended between the insert and the read: start a new one after all.
                    continue;
                }

                var plan = await AddPlanningAsync(job.Id, kind, phases[0], instance, cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM jobs WHERE state <> 'running' AND id NOT IN (
                        SELECT id FROM jobs WHERE state <> 'running' ORDER BY started_at DESC LIMIT {options.Value.KeepFinished})
                    """, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.Entry(job).State = EntityState.Detached;
                return (job, plan);
            }
        }
    }

    /// <summary>The oldest unfinished batch of a running job that nobody holds (its lease ran out, or it never had one), now held by <paramref name="instance"/>.</summary>
    public async Task<ClaimedBatch?> ClaimAsync(string instance, CancellationToken cancellationToken)
    {
        var claimed = await db.Database.SqlQuery<ClaimedBatch>($"""
            UPDATE job_batches b SET claimed_by = {instance}, lease_expires_at = now() + {Lease}, attempts = b.attempts + 1
            FROM jobs j
            WHERE j.id = b.job_id AND b.id = (
                SELECT c.id FROM job_batches c JOIN jobs r ON r.id = c.job_id
                WHERE c.finished_at IS NULL AND r.state = 'running' AND (c.lease_expires_at IS NULL OR c.lease_expires_at < now())
                ORDER BY c.id LIMIT 1
                FOR UPDATE OF c SKIP LOCKED)
            RETURNING b.id, b.job_id, j.kind, b.phase, b.units, b.attempts
            """).ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    /// <summary>Extends the lease; false when the batch is not <paramref name="instance"/>'s any more (taken over, finished, or its job ended).</summary>
    public async Task<bool> RenewAsync(ClaimedBatch batch, string instance, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE job_batches SET lease_expires_at = now() + {Lease}
            WHERE id = {batch.Id} AND claimed_by = {instance} AND finished_at IS NULL
            """, cancellationToken) == 1;

    /// <summary>Lets any instance claim the batch at once, as if this claim had not been made (an instance stopping).</summary>
    public Task ReleaseAsync(ClaimedBatch batch, string instance, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE job_batches SET lease_expires_at = NULL, attempts = greatest(attempts - 1, 0)
            WHERE id = {batch.Id} AND claimed_by = {instance} AND finished_at IS NULL
            """, cancellationToken);

    /// <summary>
    /// Marks the batch done and adds <paramref name="outcome"/> to its job, in one transaction; adds the batches of the
    /// units it planned; and when it was the last of its phase, plans the next phase or completes the job. Null when
    /// the batch was not <paramref name="instance"/>'s any more: whoever holds it counts it.
    /// </summary>
    public async Task<FinishedBatch?> FinishAsync(ClaimedBatch batch, BatchOutcome outcome, string instance, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The job's row lock orders the batches of one job finishing at once, so exactly one sees its phase over.
        var job = (await db.Jobs.FromSql($"SELECT * FROM jobs WHERE id = {batch.JobId} FOR UPDATE").AsNoTracking().ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (job is not { State: JobStates.Running })
            return null;

        var held = await db.Database.ExecuteSqlAsync($"""
            UPDATE job_batches SET finished_at = now(), lease_expires_at = NULL
            WHERE id = {batch.Id} AND claimed_by = {instance} AND finished_at IS NULL
            """, cancellationToken);
        if (held == 0)
            return null;

        var planned = outcome.Planned ?? [];
        var next = planned.Count > 0 ? await AddBatchesAsync(batch, planned, instance, cancellationToken) : null;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET
                total = total + {(long)planned.Count}, processed = processed + {outcome.Processed}, failed = failed + {outcome.Failed},
                indexed = indexed + {outcome[JobCounter.Indexed]}, thumbnails_built = thumbnails_built + {outcome[JobCounter.ThumbnailsBuilt]},
                skipped = skipped + {outcome[JobCounter.Skipped]}, duplicates = duplicates + {outcome[JobCounter.Duplicates]},
                ignored = ignored + {outcome[JobCounter.Ignored]}, already_indexed = already_indexed + {outcome[JobCounter.AlreadyIndexed]},
                images_processed = images_processed + {outcome[JobCounter.ImagesProcessed]},
                errors = (errors || {outcome.Errors.ToArray()}::text[])[1:{MaxErrors}]
            WHERE id = {job.Id}
            """, cancellationToken);

        var phaseOver = !await db.JobBatches.AnyAsync(b => b.JobId == job.Id && b.Phase == batch.Phase && b.FinishedAt == null, cancellationToken);
        if (phaseOver)
            next = await StartNextPhaseAsync(job, batch.Phase, instance, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        var after = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id, cancellationToken);
        return new FinishedBatch(after, next, planned.Count > options.Value.BatchSize);
    }

    /// <summary>Ends the job as failed with <paramref name="error"/> first among its errors, if <paramref name="instance"/> still holds <paramref name="batch"/>.</summary>
    public async Task<bool> FailAsync(ClaimedBatch batch, string error, string instance, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var failed = await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET state = 'failed', phase = NULL, finished_at = now(), errors = ({error} || errors)[1:{MaxErrors}]
            WHERE id = {batch.JobId} AND state = 'running' AND EXISTS (
                SELECT 1 FROM job_batches WHERE id = {batch.Id} AND claimed_by = {instance} AND finished_at IS NULL)
            """, cancellationToken);
        if (failed == 1)
            await db.Database.ExecuteSqlAsync($"DELETE FROM job_batches WHERE job_id = {batch.JobId} AND finished_at IS NULL", cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return failed == 1;
    }

    private async Task<ClaimedBatch?> StartNextPhaseAsync(Job job, string finishedPhase, string instance, CancellationToken cancellationToken)
    {
        var index = job.Phases.IndexOf(finishedPhase);
        if (index == job.Phases.Count - 1)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE jobs SET state = 'completed', phase = NULL, finished_at = now() WHERE id = {job.Id}", cancellationToken);
            return null;
        }

        var phase = job.Phases[index + 1];
        await db.Database.ExecuteSqlAsync($"UPDATE jobs SET phase = {phase} WHERE id = {job.Id}", cancellationToken);
        return await AddPlanningAsync(job.Id, job.Kind, phase, instance, cancellationToken);
    }

    private async Task<ClaimedBatch> AddPlanningAsync(string jobId, string kind, string phase, string instance, CancellationToken cancellationToken)
    {
        var ids = await db.Database.SqlQuery<long>($"""
            INSERT INTO job_batches (job_id, phase, claimed_by, lease_expires_at, attempts)
            VALUES ({jobId}, {phase}, {instance}, now() + {Lease}, 1)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return new ClaimedBatch { Id = ids.Single(), JobId = jobId, Kind = kind, Phase = phase, Attempts = 1 };
    }

    /// <summary>Adds the planned units in batches of Jobs:BatchSize; the first is held by <paramref name="instance"/>, which goes on with it.</summary>
    private async Task<ClaimedBatch> AddBatchesAsync(ClaimedBatch planning, IReadOnlyList<string> units, string instance, CancellationToken cancellationToken)
    {
        var size = options.Value.BatchSize;
        var first = units.Take(size).ToList();
        var ids = await db.Database.SqlQuery<long>($"""
            INSERT INTO job_batches (job_id, phase, units, claimed_by, lease_expires_at, attempts)
            VALUES ({planning.JobId}, {planning.Phase}, {first}, {instance}, now() + {Lease}, 1)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);

        var rest = units.Skip(size).ToArray();
        if (rest.Length > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO job_batches (job_id, phase, units, attempts)
                SELECT {planning.JobId}, {planning.Phase}, units, 0 FROM (
                    SELECT (n - 1) / {size} AS chunk, array_agg(unit ORDER BY n) AS units
                    FROM unnest({rest}::text[]) WITH ORDINALITY AS u(unit, n)
                    GROUP BY chunk) AS chunks
                ORDER BY chunk
                """, cancellationToken);
        }

        return new ClaimedBatch { Id = ids.Single(), JobId = planning.JobId, Kind = planning.Kind, Phase = planning.Phase, Units = first, Attempts = 1 };
    }
}
