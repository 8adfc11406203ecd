using Attachments.Application.Jobs.Common;

namespace Attachments.Infrastructure.Jobs;

/// <summary>What one batch did; added to its job's counters when the batch is finished, so a batch redone after a takeover counts once.</summary>
public sealed class BatchOutcome
{
    private readonly long[] _counted = new long[Enum.GetValues<JobCounter>().Length];

    /// <summary>The units a planning batch found for its phase; null for a batch of units.</summary>
    public IReadOnlyList<string>? Planned { get; private init; }

    public long Processed { get; private set; }

    public long Failed { get; private set; }

    public List<string> Errors { get; } = [];

    public long this[JobCounter counter] => _counted[(int)counter];

    public static BatchOutcome Of(JobPlan plan)
    {
        var outcome = new BatchOutcome { Planned = plan.Units };
        foreach (var (counter, amount) in plan.Counted)
            outcome._counted[(int)counter] += amount;
        return outcome;
    }

    public void Done(JobCounter? counter)
    {
        Processed++;
        if (counter is { } counted)
            _counted[(int)counted]++;
    }

    public void Failure(string unit, string reason)
    {
        Processed++;
        Failed++;
        if (Errors.Count < JobStore.MaxErrors)
            Errors.Add($"{unit}: {reason}");
    }
}
