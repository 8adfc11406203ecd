namespace Attachments.Infrastructure.Jobs;

public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Files a job works on at once; 0 means half the cores (at least one), so uploads still find
    /// free image slots (Images:MaxConcurrentJobs) while a job runs.
    /// </summary>
    public int MaxConcurrency { get; set; }

    /// <summary>Finished jobs whose status is kept in memory besides the running ones.</summary>
    public int KeepFinished { get; set; } = 20;

    /// <summary>A progress line is logged after every this many files.</summary>
    public int LogEvery { get; set; } = 100;

    public int EffectiveMaxConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Math.Max(1, Environment.ProcessorCount / 2);
}
