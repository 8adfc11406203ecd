using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <param name="File">The upload, staged by the binder; null when the form had none.</param>
/// <param name="CategoryId">0 or null for none.</param>
/// <param name="Visibility">Public when not given.</param>
public sealed record UploadAttachmentCommand(StagedFile? File, long? CategoryId = null, Visibility? Visibility = null) : ICommand<AttachmentDto>;

public sealed class UploadAttachmentCommandHandler(UploadStore store, IMapper mapper)
    : MediatR.IRequestHandler<UploadAttachmentCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(UploadAttachmentCommand request, CancellationToken cancellationToken) =>
        mapper.Map<AttachmentDto>(await store.AddAsync(
            request.File!, UploadRules.Stored(request.CategoryId), imagesOnly: false, request.Visibility, cancellationToken));
}
