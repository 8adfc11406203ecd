using Attachments.Application.Jobs.Common;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// What a kind of job does (registered keyed by its <see cref="JobKinds"/> name): phases run in order, each planned
/// once into units that any instance may do (docs/decisions/018-durable-jobs.md). Every call gets a DI scope of its own.
/// </summary>
public interface IBackgroundJob
{
    /// <summary>The phases of a job starting now, in order; read once, at the start, so every instance works the job alike.</summary>
    IReadOnlyList<string> Phases { get; }

    /// <summary>
    /// Lists the units of <paramref name="phase"/>, counting what it leaves out. It runs once the phase before has
    /// ended, so it sees that phase's work. A throw other than the database going away fails the job.
    /// </summary>
    Task<JobPlan> PlanAsync(string phase, CancellationToken cancellationToken);

    /// <summary>
    /// Does one unit and says which counter it adds to (null: none). A throw counts the unit as failed. A unit may be
    /// done again after the instance doing it died, so doing it twice must end as doing it once.
    /// </summary>
    Task<JobCounter?> RunAsync(string phase, string unit, CancellationToken cancellationToken);
}
