using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Jobs.Queries.ListJobs;

/// <summary>Running jobs and the most recently finished ones (the only ones kept), newest first.</summary>
public sealed record ListJobsQuery : IRequest<IReadOnlyList<JobDto>>;

public sealed class ListJobsQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<ListJobsQuery, IReadOnlyList<JobDto>>
{
    public async Task<IReadOnlyList<JobDto>> Handle(ListJobsQuery request, CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.AsNoTracking()
            .OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id)
            .ToListAsync(cancellationToken);
        return mapper.Map<List<JobDto>>(jobs);
    }
}
