using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using MediatR;

namespace Attachments.Application.Attachments.Queries.GetResumableUpload;

/// <summary>A tus upload's offset, length and, once stored, attachment (HEAD /api/tus/{id}).</summary>
public sealed record GetResumableUploadQuery(Guid Id) : IRequest<ResumableUploadDto>;

public sealed class GetResumableUploadQueryHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider time)
    : IRequestHandler<GetResumableUploadQuery, ResumableUploadDto>
{
    public async Task<ResumableUploadDto> Handle(GetResumableUploadQuery request, CancellationToken cancellationToken) =>
        ResumableUploadDto.Of(await ResumableUploads.FindAsync(db, request.Id, currentUser, time, cancellationToken));
}
