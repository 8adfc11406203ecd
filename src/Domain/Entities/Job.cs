namespace Attachments.Domain.Entities;

/// <summary>
/// A scan or a thumbnail rebuild, shared by every instance on the database: its phases run in order, each as
/// <see cref="JobBatch"/>es of units that any instance claims, and the counters add up what the batches did
/// (docs/decisions/018-durable-jobs.md).
/// </summary>
public sealed class Job
{
    /// <summary>32 hex characters.</summary>
    public string Id { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>; at most one job of a kind runs at a time.</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>The phases the job goes through, in order, decided from the settings of the instance that started it.</summary>
    public List<string> Phases { get; set; } = [];

    /// <summary>The phase being worked on; null once the job has ended.</summary>
    public string? Phase { get; set; }

    /// <summary>The instance whose request started the job.</summary>
    public string StartedBy { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long Total { get; set; }

    public long Processed { get; set; }

    public long Failed { get; set; }

    public long Indexed { get; set; }

    public long ThumbnailsBuilt { get; set; }

    public long Skipped { get; set; }

    public long Duplicates { get; set; }

    public long Ignored { get; set; }

    public long AlreadyIndexed { get; set; }

    public long ImagesProcessed { get; set; }

    /// <summary>The first few failures, each naming its unit; a job that stopped says why first.</summary>
    public List<string> Errors { get; set; } = [];
}
