namespace Attachments.Domain.Entities;

/// <summary>
/// Work of one <see cref="Job"/> phase that one instance does at a time: a few units, or the planning of the phase
/// itself. An instance claims it with a lease it renews while working; when the lease runs out (its instance died),
/// any instance claims it again and does it all over, so units must be safe to redo.
/// </summary>
public sealed class JobBatch
{
    public long Id { get; set; }

    public string JobId { get; set; } = string.Empty;

    public string Phase { get; set; } = string.Empty;

    /// <summary>What to do, as the job names its units (file locations); null for the batch that plans the phase.</summary>
    public List<string>? Units { get; set; }

    /// <summary>The instance that holds the batch, or last held it.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when <see cref="ClaimedBy"/> holds the batch; null when nobody does.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>How many times an instance claimed the batch.</summary>
    public int Attempts { get; set; }

    /// <summary>Set, with the job's counters, when the batch is done.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}
