namespace Attachments.Infrastructure.Jobs;

public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Units this instance works on at once, over all jobs; 0 means half the cores (at least one), so uploads still
    /// find free image slots (Images:MaxConcurrentJobs) while a job runs.
    /// </summary>
    public int MaxConcurrency { get; set; }

    /// <summary>Finished jobs kept in the database besides the running ones; older ones are deleted when a job starts.</summary>
    public int KeepFinished { get; set; } = 20;

    /// <summary>A progress line is logged each time the units processed pass a multiple of this.</summary>
    public int LogEvery { get; set; } = 100;

    /// <summary>Units in one batch: what one instance claims at a time, and how often the job's counters move.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>How long a claimed batch is its instance's without a heartbeat (renewed every third of it while working).</summary>
    public TimeSpan BatchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle instance looks for batches to claim (the one starting a job begins at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A batch claimed more often than this (its instances kept dying on it) is given up: its units count as failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    public int EffectiveMaxConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Math.Max(1, Environment.ProcessorCount / 2);
}
