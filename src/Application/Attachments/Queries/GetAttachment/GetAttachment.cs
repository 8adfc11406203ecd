using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Queries.GetAttachment;

public sealed record GetAttachmentQuery(long Id) : IRequest<AttachmentDto>;

public sealed class GetAttachmentQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetAttachmentQuery, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(GetAttachmentQuery request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {request.Id} does not exist.");
        return mapper.Map<AttachmentDto>(attachment);
    }
}
