using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using AutoMapper;

namespace Attachments.Application.Attachments.Commands.ReplaceAttachment;

/// <summary>New bytes for an attachment, kept at its location (an upload with <c>id</c>).</summary>
/// <param name="File">The upload, staged by the binder; null when the form had none.</param>
/// <param name="CategoryId">0 or null to keep the attachment's category.</param>
public sealed record ReplaceAttachmentCommand(StagedFile? File, long Id, long? CategoryId = null) : ICommand<AttachmentDto>;

public sealed class ReplaceAttachmentCommandHandler(UploadStore store, IMapper mapper)
    : MediatR.IRequestHandler<ReplaceAttachmentCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(ReplaceAttachmentCommand request, CancellationToken cancellationToken) =>
        mapper.Map<AttachmentDto>(await store.ReplaceAsync(
            request.Id, request.File!, UploadRules.Stored(request.CategoryId), cancellationToken));
}
