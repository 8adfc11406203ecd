using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// A storage provider (a disk, an S3 bucket): what <see cref="FileOperations"/> and the sweeper need beyond the
/// Application's port. Staged content a commit will name is made durable where every instance can reach it, and
/// the steps of committed operations are carried out idempotently.
/// </summary>
public interface IStoredFiles : IFileStorage
{
    /// <summary>Checks that the storage answers and can be written, or says clearly why not; run once at start-up.</summary>
    Task InitialiseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the staged files durable before the commit that names them: fsynced on a disk; uploaded to the
    /// bucket's staging prefix (and deleted here), so that any instance can place them.
    /// </summary>
    Task PersistStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken);

    /// <summary>Deletes staged files, wherever <see cref="PersistStagedAsync"/> put them.</summary>
    Task DiscardStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken);

    /// <summary>Carries out the steps of one batch of operations; <see cref="IFileStepRun.CompleteAsync"/> makes them durable.</summary>
    IFileStepRun BeginSteps();

    /// <summary>Deletes staged content last written before <paramref name="cutoff"/> that no pending operation names.</summary>
    Task<int> SweepStagedAsync(DateTimeOffset cutoff, IReadOnlySet<string> referenced, CancellationToken cancellationToken);

    /// <summary>A probe for the readiness check: can the storage be written now?</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}

public interface IFileStepRun
{
    /// <summary>Carries out one step; doing it again after a crash is harmless.</summary>
    /// <returns>False when a place step's staged content is gone and nothing is at its target either.</returns>
    Task<bool> ApplyAsync(FileStep step, CancellationToken cancellationToken);

    Task CompleteAsync(CancellationToken cancellationToken);
}
