using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.ReceiveDirectUpload;

/// <summary>
/// The bytes of a direct upload, sent to the URL the service presigned for them (disk storage). Not an
/// <see cref="ICommand{TResponse}"/>: it changes no row, and a transaction would hold a connection while the body streams.
/// </summary>
/// <param name="Expires">Unix seconds, from the URL.</param>
/// <param name="Signature">From the URL: the request's only credential.</param>
/// <param name="ContentLength">As the request declares it, if it does.</param>
public sealed record ReceiveDirectUploadCommand(Guid UploadId, long? Expires, string? Signature, Stream Content, long? ContentLength)
    : IRequest<Unit>;

// The receiver is optional: only a target whose URLs point at this service registers one.
public sealed class ReceiveDirectUploadCommandHandler(IEnumerable<IDirectUploadReceiver> receivers, IApplicationDbContext db)
    : IRequestHandler<ReceiveDirectUploadCommand, Unit>
{
    public async Task<Unit> Handle(ReceiveDirectUploadCommand request, CancellationToken cancellationToken)
    {
        var receiver = receivers.FirstOrDefault()
            ?? throw new NotFoundException("Files are uploaded straight to the storage bucket here: send them to the url that POST /api/attachment/upload/presign answered.");
        receiver.Authorise(request.UploadId, request.Expires, request.Signature);

        var id = request.UploadId;
        var upload = await db.DirectUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no upload {id}; it may have expired. Presign a new one with POST /api/attachment/upload/presign.");
        if (upload.CompletedAt is not null)
            throw new ConflictException($"Upload {id} is complete already (attachment {upload.AttachmentId}); presign a new upload to send another file.");

        if (request.ContentLength > upload.FileSize)
            throw TooLarge(upload, $"The body is {request.ContentLength} bytes");

        try
        {
            await receiver.ReceiveAsync(id, request.Content, upload.FileSize, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            throw TooLarge(upload, "The body is larger than that");
        }

        return Unit.Value;
    }

    private static PayloadTooLargeException TooLarge(Domain.Entities.DirectUpload upload, string body) =>
        new($"Upload {upload.Id} was presigned for {upload.FileSize} bytes. {body}, so nothing was kept; presign the file's real size.");
}
