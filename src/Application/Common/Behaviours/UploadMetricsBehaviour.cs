using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Common.Behaviours;

/// <summary>
/// Counts every upload of both dialects (a chunked one once, when its last part completes it) by outcome,
/// without the handler having to know about metrics.
/// </summary>
public sealed class UploadMetricsBehaviour(IApplicationDbContext db, IUploadMetrics metrics)
    : IPipelineBehavior<UploadAttachmentCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(
        UploadAttachmentCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<AttachmentDto> next)
    {
        var dialect = request.ImagesOnly ? ApiDialects.V1 : ApiDialects.Cms;
        metrics.Received(dialect, request.File.Length);

        // Asked before the handler runs: afterwards the answer looks the same whether the bytes were new or not.
        // Two uploads of the same new bytes racing each other may both count as stored.
        var alreadyStored = request.Id is { } id
            ? await db.Attachments.Where(a => a.Id == id).Select(a => a.FileMd5).FirstOrDefaultAsync(cancellationToken) == request.File.Md5
            : await db.Attachments.AnyAsync(a => a.FileMd5 == request.File.Md5, cancellationToken);

        var attachment = await next();

        var outcome = alreadyStored ? UploadOutcome.Deduplicated
            : request.Id is null ? UploadOutcome.Stored
            : UploadOutcome.Replaced;
        metrics.Completed(dialect, outcome, attachment.IsImage != 0, outcome == UploadOutcome.Deduplicated ? 0 : attachment.FileSize);
        return attachment;
    }
}
