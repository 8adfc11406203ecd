using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// Applies pending file operations to the storage provider (docs/decisions/016-roll-forward-file-operations.md). Operations sharing a
/// location are applied in id order, which is commit order (each was written after its attachment row's change, under
/// that row's lock), by one applier at a time: the rows are locked for as long as their files change.
/// </summary>
public sealed class FileOperations(
    AttachmentsDbContext db,
    IStoredFiles storage,
    FaultPoints faults,
    IOptions<StorageOptions> options,
    ILogger<FileOperations> logger) : IFileOperations
{
    private const int SweepBatch = 100;
    private const int MaxLastErrorLength = 2000;

    public async Task PersistStagedAsync(IReadOnlyCollection<PendingFileOperation> operations, CancellationToken cancellationToken)
    {
        await storage.PersistStagedAsync([.. operations.SelectMany(o => o.StagedFiles)], cancellationToken);
        if (operations.Count != 0)
            await faults.ReachedAsync(FaultPoints.BeforeCommit);
    }

    public async Task DiscardStagedAsync(IReadOnlyCollection<PendingFileOperation> operations)
    {
        var staged = operations.SelectMany(o => o.StagedFiles).ToList();
        try
        {
            await storage.DiscardStagedAsync(staged, CancellationToken.None);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            logger.LogWarning(e, "Could not delete the staged files {Names}; the staging sweep removes them", staged);
        }
    }

    /// <summary>A failure of the disk or of the bucket, as opposed to a bug: the operation stays pending and is tried again.</summary>
    public static bool IsStorageFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonServiceException or HttpRequestException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    public Task ApplyAsync(IReadOnlyCollection<PendingFileOperation> operations, CancellationToken cancellationToken) =>
        ApplyOrRecordFailureAsync(
            [.. operations.Select(o => o.Id)], operations.SelectMany(o => o.Locations).ToHashSet(StringComparer.Ordinal), cancellationToken);

    /// <param name="locations">The operations' locations when the caller has them; null to read them.</param>
    private async Task ApplyOrRecordFailureAsync(List<long> ids, HashSet<string>? locations, CancellationToken cancellationToken)
    {
        await faults.ReachedAsync(FaultPoints.AfterCommit);
        if (ids.Count == 0)
            return;

        try
        {
            // Almost always no older operation shares a location: one statement then finds and locks everything.
            if (locations is null || !await TryApplyWithOlderOnTheSameLocationsAsync(ids, locations, cancellationToken))
            {
                var closure = (await WithOlderOnTheSameLocationsAsync(ids, cancellationToken)).ToArray();
                await ApplyLockedAsync($"SELECT * FROM pending_file_operations WHERE id = ANY({closure}) ORDER BY id FOR UPDATE", locations: null, cancellationToken);
            }
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            await RecordFailureAsync(ids, e, cancellationToken);
            throw new ServiceUnavailableException(
                $"The change was saved, but its files could not be put in place yet ({e.Message}); they will be within {options.Value.OperationLease.TotalSeconds:0} seconds. Try again shortly.", e);
        }
    }

    /// <summary>
    /// Locks the operations and the older ones on their locations in one statement, and applies them; false, with
    /// nothing done, when an older one also touches another location, whose older operations must come first too.
    /// </summary>
    private Task<bool> TryApplyWithOlderOnTheSameLocationsAsync(List<long> ids, HashSet<string> locations, CancellationToken cancellationToken)
    {
        var batch = ids.ToArray();
        var newest = ids.Max();
        var touched = locations.ToArray();
        return ApplyLockedAsync(
            $"SELECT * FROM pending_file_operations WHERE id = ANY({batch}) OR (id < {newest} AND locations && {touched}) ORDER BY id FOR UPDATE",
            locations, cancellationToken);
    }

    /// <summary>
    /// Takes over the operations whose lease has expired (all of them with <paramref name="everything"/>, at start-up)
    /// and applies them; returns how many were applied.
    /// </summary>
    public async Task<int> SweepAsync(bool everything, CancellationToken cancellationToken)
    {
        var lease = options.Value.OperationLease;
        var claimed = await db.Database.SqlQuery<long>($"""
            UPDATE pending_file_operations SET lease_expires_at = now() + {lease}, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM pending_file_operations
                WHERE {everything} OR coalesce(lease_expires_at, created_at + {lease}) < now()
                ORDER BY id LIMIT {SweepBatch}
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);

        var applied = 0;
        foreach (var id in claimed.Order())
        {
            try
            {
                await ApplyOrRecordFailureAsync([id], locations: null, cancellationToken);
                applied++;
            }
            catch (ServiceUnavailableException e)
            {
                logger.LogError(e.InnerException, "Pending file operation {Id} could not be applied; it is tried again once its lease expires", id);
            }
        }

        if (applied > 0)
            logger.LogInformation("Applied {Count} pending file operations that their writers had not finished", applied);

        return applied;
    }

    /// <summary>Names of the staged files pending operations will place.</summary>
    public async Task<HashSet<string>> ReferencedStagedFilesAsync(CancellationToken cancellationToken) =>
        [.. await db.PendingFileOperations.AsNoTracking().SelectMany(o => o.StagedFiles).ToListAsync(cancellationToken)];

    /// <summary>
    /// The operations to apply together with older pending ones touching any of their locations (and, in turn, any
    /// of those ones' locations): applying an operation before an older one on the same file would undo it.
    /// </summary>
    private async Task<List<long>> WithOlderOnTheSameLocationsAsync(IReadOnlyCollection<long> operationIds, CancellationToken cancellationToken)
    {
        var newest = operationIds.Max();
        var operations = await PendingAsync(o => operationIds.Contains(o.Id), cancellationToken);
        var locations = operations.SelectMany(o => o.Locations).ToHashSet(StringComparer.Ordinal);
        while (operations.Count > 0)
        {
            var wanted = locations.ToArray();
            operations = await PendingAsync(o => o.Id <= newest && o.Locations.Any(l => wanted.Contains(l)), cancellationToken);
            var before = locations.Count;
            locations.UnionWith(operations.SelectMany(o => o.Locations));
            if (locations.Count == before)
                break;
        }

        return [.. operations.Select(o => o.Id).Order()];
    }

    private async Task<List<(long Id, List<string> Locations)>> PendingAsync(
        System.Linq.Expressions.Expression<Func<PendingFileOperation, bool>> filter, CancellationToken cancellationToken) =>
        [.. (await db.PendingFileOperations.AsNoTracking().Where(filter).Select(o => new { o.Id, o.Locations }).ToListAsync(cancellationToken))
            .Select(o => (o.Id, o.Locations))];

    /// <param name="lockQuery">Selects the operations to apply, in id order, <c>FOR UPDATE</c>.</param>
    /// <param name="locations">When given, nothing is applied (false) if a locked operation touches a location outside them.</param>
    private async Task<bool> ApplyLockedAsync(FormattableString lockQuery, HashSet<string>? locations, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Waits for another applier of any of them; those it applied meanwhile are gone when the wait ends.
        var operations = await db.PendingFileOperations.FromSql(lockQuery).AsNoTracking().ToListAsync(cancellationToken);
        if (locations is not null && !operations.All(o => o.Locations.All(locations.Contains)))
            return false;

        if (operations.Count == 0)
            return true;

        var steps = storage.BeginSteps();
        foreach (var operation in operations.OrderBy(o => o.Id))
        {
            foreach (var (step, index) in operation.Steps.Select((s, i) => (s, i)))
            {
                if (index == 1)
                    await faults.ReachedAsync(FaultPoints.BetweenSteps);

                if (!await steps.ApplyAsync(step, cancellationToken))
                {
                    logger.LogError(
                        "Pending file operation {Id} ({Kind} of attachment {AttachmentId}) found neither its staged file {Staged} nor {Location}; nothing can be put there",
                        operation.Id, operation.Kind, operation.AttachmentId, step.Source, step.Target);
                }
            }
        }

        await steps.CompleteAsync(cancellationToken);
        await faults.ReachedAsync(FaultPoints.BeforeRowDeleted);
        var applied = operations.Select(o => o.Id).ToArray();
        await db.Database.ExecuteSqlAsync($"DELETE FROM pending_file_operations WHERE id = ANY({applied})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task RecordFailureAsync(List<long> ids, Exception failure, CancellationToken cancellationToken)
    {
        var batch = ids.ToArray();
        var error = failure.Message.Length > MaxLastErrorLength ? failure.Message[..MaxLastErrorLength] : failure.Message;
        try
        {
            await db.Database.ExecuteSqlAsync($"UPDATE pending_file_operations SET last_error = {error} WHERE id = ANY({batch})", cancellationToken);
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
        {
            logger.LogWarning(e, "Could not record why pending file operations {Ids} failed", ids);
        }
    }
}
