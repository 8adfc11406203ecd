using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;

namespace Attachments.Application.Jobs.Queries.GetJob;

public sealed record GetJobQuery(string Id) : IRequest<JobDto>;

public sealed class GetJobQueryHandler(IBackgroundJobs jobs) : IRequestHandler<GetJobQuery, JobDto>
{
    public Task<JobDto> Handle(GetJobQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(jobs.Find(request.Id)
            ?? throw new NotFoundException($"Job '{request.Id}' does not exist; jobs are kept in memory, so ids are forgotten when the service restarts."));
}
