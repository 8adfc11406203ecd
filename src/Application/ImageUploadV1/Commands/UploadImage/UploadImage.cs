using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.ImageUploadV1.Common;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.ImageUploadV1.Commands.UploadImage;

/// <summary>POST /UploadImage: the same pipeline and store as the Attachment API, images only.</summary>
public sealed record UploadImageCommand(StagedFile File) : IRequest<ImageInformationDto>;

public sealed class UploadImageCommandHandler(IMediator mediator, IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<UploadImageCommand, ImageInformationDto>
{
    public async Task<ImageInformationDto> Handle(UploadImageCommand request, CancellationToken cancellationToken)
    {
        var stored = await mediator.Send(new UploadAttachmentCommand(request.File, ImagesOnly: true), cancellationToken);
        var attachment = await db.Attachments.AsNoTracking().FirstAsync(a => a.Id == stored.Id, cancellationToken);
        return mapper.Map<ImageInformationDto>(attachment);
    }
}
