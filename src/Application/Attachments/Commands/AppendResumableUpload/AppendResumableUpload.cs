using Attachments.Application.Attachments.Commands.CompleteResumableUpload;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.AppendResumableUpload;

/// <summary>
/// The bytes of one PATCH to a tus upload, from <paramref name="Offset"/> on; the PATCH that brings the last byte stores
/// the file. Not an <see cref="ICommand{TResponse}"/>: a transaction would hold a connection while the body streams.
/// </summary>
/// <param name="Content">Ends early when the client goes away: what arrived until then is kept, and the client resumes after it.</param>
public sealed record AppendResumableUploadCommand(Guid Id, long Offset, Stream Content) : IRequest<ResumableUploadDto>;

public sealed class AppendResumableUploadCommandHandler(
    IApplicationDbContext db,
    IExclusiveLocks locks,
    IChunkStore chunks,
    IFileStorage storage,
    ICurrentUser currentUser,
    TimeProvider time,
    IOptions<UploadOptions> options,
    IMediator mediator) : IRequestHandler<AppendResumableUploadCommand, ResumableUploadDto>
{
    public async Task<ResumableUploadDto> Handle(AppendResumableUploadCommand request, CancellationToken cancellationToken)
    {
        var id = request.Id;
        await using var turn = await locks.TryAcquireAsync(ResumableUploads.LockName(id), cancellationToken)
            ?? throw new ConflictException($"Another request is sending bytes to upload {id:N} right now; once it ends, ask HEAD for Upload-Offset and go on from there.");

        var upload = await ResumableUploads.FindAsync(db, id, currentUser, time, cancellationToken);
        if (request.Offset != upload.Offset)
            throw new ConflictException($"Upload-Offset is {request.Offset}, but upload {id:N} holds {upload.Offset} bytes; send from offset {upload.Offset} (HEAD tells it).");

        if (upload.Offset < upload.Length)
            await KeepAsync(upload, request.Content, cancellationToken);

        if (upload.Offset == upload.Length && upload.AttachmentId is null)
            upload.AttachmentId = await CompleteAsync(upload.Id, cancellationToken);

        return ResumableUploadDto.Of(upload);
    }

    private async Task KeepAsync(Domain.Entities.ResumableUpload upload, Stream content, CancellationToken cancellationToken)
    {
        var left = upload.Length - upload.Offset;
        StagedFile part;
        try
        {
            part = await storage.StageAsync(content, upload.FileName, left, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            throw new PayloadTooLargeException(
                $"Upload {upload.Id:N} is {upload.Length} bytes long and holds {upload.Offset}: this request sent more than the {left} bytes left, so none of it was kept.");
        }

        using (part)
        {
            if (part.Length == 0)
                return;

            // A part saved without the row below (a crash between them) is replaced by the next PATCH: same index.
            await chunks.SavePartAsync(ResumableUploads.PartsKey(upload.Id), upload.Parts, part, cancellationToken);
            upload.Offset += part.Length;
            upload.Parts++;
            upload.ExpiresAt = time.GetUtcNow() + options.Value.ChunkMaxAge;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<long> CompleteAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(new CompleteResumableUploadCommand(id), cancellationToken);
        }
        // A refusal is final, as for any upload: the upload goes with its bytes. A 503 keeps both for the retry it asks for.
        catch (Exception e) when (e is UnsupportedMediaTypeException or UnprocessableContentException or PayloadTooLargeException
                                      or ValidationException or NotFoundException or ConflictException)
        {
            await db.ResumableUploads.Where(u => u.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            await chunks.DiscardAsync(ResumableUploads.PartsKey(id), CancellationToken.None);
            throw;
        }
    }

}
