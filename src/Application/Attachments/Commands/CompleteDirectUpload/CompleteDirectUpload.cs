using System.Globalization;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using AutoMapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.CompleteDirectUpload;

/// <summary>
/// Stores the file a client sent to a presigned URL, as an upload of it would: the bytes are read back into staging,
/// their type decided, an image processed, the same bytes found again. Completing again answers the same attachment
/// until the upload expires.
/// </summary>
public sealed record CompleteDirectUploadCommand(Guid UploadId) : ICommand<AttachmentDto>;

public sealed class CompleteDirectUploadCommandHandler(
    IApplicationDbContext db,
    IDirectUploadTarget target,
    UploadStore store,
    ICurrentUser currentUser,
    TimeProvider time,
    IOptions<UploadOptions> uploads,
    IMapper mapper) : MediatR.IRequestHandler<CompleteDirectUploadCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(CompleteDirectUploadCommand request, CancellationToken cancellationToken)
    {
        var id = request.UploadId;
        var upload = await LockAsync(id, cancellationToken)
            ?? throw new NotFoundException($"There is no upload {id} of yours; it may have expired. Presign a new one with POST /api/attachment/upload/presign.");

        if (upload.ExpiresAt <= time.GetUtcNow())
            throw new NotFoundException($"Upload {id} expired at {Time(upload.ExpiresAt)}; presign a new one with POST /api/attachment/upload/presign.");

        if (upload.CompletedAt is not null)
            return await CompletedAsync(upload, cancellationToken);

        using var file = await FetchAsync(upload, cancellationToken);
        Attachment attachment;
        try
        {
            attachment = await store.AddAsync(file, upload.CategoryId, imagesOnly: false, visibility: null, cancellationToken);
        }
        // A refusal is final, so the bytes go with it; a 503 keeps them for the retry it asks for.
        catch (Exception e) when (e is UnsupportedMediaTypeException or UnprocessableContentException or PayloadTooLargeException or ValidationException)
        {
            await target.DeleteAsync(id, CancellationToken.None);
            throw;
        }

        upload.CompletedAt = time.GetUtcNow();
        upload.AttachmentId = attachment.Id;
        await db.SaveChangesAsync(cancellationToken);
        // The staged copy is what the attachment is made from. Should the commit still fail, the client's retry finds
        // nothing uploaded and is told to PUT the bytes again.
        await target.DeleteAsync(id, cancellationToken);
        return mapper.Map<AttachmentDto>(attachment);
    }

    /// <summary>The caller's upload, locked until the command ends: a concurrent completion waits, then answers the same attachment.</summary>
    private async Task<DirectUpload?> LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new UnauthenticatedException();
        // A no-op UPDATE takes the same row lock as SELECT … FOR UPDATE, which EF Core cannot express.
        var locked = await db.DirectUploads.Where(u => u.Id == id && u.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ExpiresAt, u => u.ExpiresAt), cancellationToken);
        return locked == 0 ? null : await db.DirectUploads.FirstAsync(u => u.Id == id, cancellationToken);
    }

    private async Task<AttachmentDto> CompletedAsync(DirectUpload upload, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == upload.AttachmentId, cancellationToken)
            ?? throw new NotFoundException($"Upload {upload.Id} was completed as attachment {upload.AttachmentId}, which has been deleted since.");
        return mapper.Map<AttachmentDto>(attachment);
    }

    private async Task<StagedFile> FetchAsync(DirectUpload upload, CancellationToken cancellationToken)
    {
        var limit = uploads.Value.MaxFileSizeBytes;
        StagedFile? file;
        try
        {
            file = await target.FetchAsync(upload.Id, upload.FileName, Math.Min(upload.FileSize, limit), cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            await target.DeleteAsync(upload.Id, CancellationToken.None);
            throw new PayloadTooLargeException(upload.FileSize > limit
                ? $"The file is larger than the limit of {limit} bytes; it was deleted."
                : $"More than the {upload.FileSize} bytes presigned were uploaded; the file was deleted. Presign the file's real size.");
        }

        if (file is null)
        {
            throw new ConflictException(
                $"Nothing was uploaded to the URL of upload {upload.Id} yet (or what was uploaded was refused and deleted); " +
                $"PUT the bytes first, with the method and headers presign answered. The URL works until {Time(upload.ExpiresAt)}.");
        }

        if (file.Length != upload.FileSize)
        {
            file.Dispose();
            await target.DeleteAsync(upload.Id, CancellationToken.None);
            throw new ValidationException(
                $"The uploaded file is {file.Length} bytes, not the {upload.FileSize} bytes presigned; it was deleted. PUT the whole file to the URL again.");
        }

        return file;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
