using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.ImageUploadV1.Common;
using AutoMapper;

namespace Attachments.Application.ImageUploadV1.Commands.UploadImage;

/// <summary>POST /UploadImage: the same store as the Attachment API, images only.</summary>
/// <param name="File">The upload, staged by the binder; null when the form had none.</param>
public sealed record UploadImageCommand(StagedFile? File) : ICommand<ImageInformationDto>;

public sealed class UploadImageCommandHandler(UploadStore store, IMapper mapper)
    : MediatR.IRequestHandler<UploadImageCommand, ImageInformationDto>
{
    public async Task<ImageInformationDto> Handle(UploadImageCommand request, CancellationToken cancellationToken) =>
        mapper.Map<ImageInformationDto>(await store.AddAsync(request.File!, categoryId: null, imagesOnly: true, visibility: null, cancellationToken));
}
