using Attachments.Application.Jobs.Common;
using MediatR;

namespace Attachments.Application.Common.Interfaces;

/// <summary>What a running <see cref="IBackgroundJob"/> uses to do its units of work and report progress.</summary>
public interface IJobContext
{
    /// <summary>
    /// Runs <paramref name="unit"/> for every item, a bounded number at a time, adding them to the job's
    /// total and counting each as processed. A unit that throws is counted as failed and logged; the others go on.
    /// </summary>
    /// <param name="describe">Names an item in the log and in the job's error messages.</param>
    Task ForEachAsync<T>(
        IReadOnlyCollection<T> items, Func<T, string> describe, Func<T, CancellationToken, Task> unit, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="request"/> in a DI scope of its own, so concurrent units never share a DbContext.</summary>
    Task<TResult> SendAsync<TResult>(IRequest<TResult> request, CancellationToken cancellationToken);

    void Count(JobCounter counter, int amount = 1);
}
