using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using MediatR;

namespace Attachments.Application.Common.Behaviours;

/// <summary>
/// Counts the bytes of every whole upload of both dialects (a chunked one once, when its last part completes it)
/// as it reaches the handler, whatever happens to it next; the handler counts what it made of it.
/// </summary>
public sealed class UploadMetricsBehaviour(IUploadMetrics metrics)
    : IPipelineBehavior<UploadAttachmentCommand, AttachmentDto>
{
    public Task<AttachmentDto> Handle(
        UploadAttachmentCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<AttachmentDto> next)
    {
        metrics.Received(request.ImagesOnly ? ApiDialects.V1 : ApiDialects.Cms, request.File.Length);
        return next();
    }
}
