using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;

namespace Attachments.Application.Jobs.Queries.ListJobs;

/// <summary>Running jobs and the most recently finished ones, newest first.</summary>
public sealed record ListJobsQuery : IRequest<IReadOnlyList<JobDto>>;

public sealed class ListJobsQueryHandler(IBackgroundJobs jobs) : IRequestHandler<ListJobsQuery, IReadOnlyList<JobDto>>
{
    public Task<IReadOnlyList<JobDto>> Handle(ListJobsQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(jobs.Recent());
}
