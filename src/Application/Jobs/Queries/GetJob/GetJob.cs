using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Jobs.Queries.GetJob;

public sealed record GetJobQuery(string Id) : IRequest<JobDto>;

public sealed class GetJobQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<GetJobQuery, JobDto>
{
    public async Task<JobDto> Handle(GetJobQuery request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"Job '{request.Id}' does not exist; only the most recent finished jobs are kept.");
        return mapper.Map<JobDto>(job);
    }
}
