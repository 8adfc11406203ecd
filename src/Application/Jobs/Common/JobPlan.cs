namespace Attachments.Application.Jobs.Common;

/// <summary>The units a job phase will do, and what planning counted on the way (files ignored, already indexed).</summary>
public sealed record JobPlan(IReadOnlyList<string> Units, IReadOnlyDictionary<JobCounter, long> Counted)
{
    public static JobPlan Of(IReadOnlyList<string> units) => new(units, new Dictionary<JobCounter, long>());
}
