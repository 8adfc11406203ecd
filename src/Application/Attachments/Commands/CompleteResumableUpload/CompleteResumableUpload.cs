using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.CompleteResumableUpload;

/// <summary>
/// Stores a tus upload whose every byte has arrived exactly as an upload of the file would be: the parts are read in
/// order into staging, its type decided, an image processed, the same bytes found again. Sent by the PATCH that
/// brought the last byte, which holds the upload's lock.
/// </summary>
/// <returns>The attachment's id.</returns>
public sealed record CompleteResumableUploadCommand(Guid Id) : ICommand<long>;

public sealed class CompleteResumableUploadCommandHandler(
    IApplicationDbContext db, IChunkStore chunks, IFileStorage storage, UploadStore store, TimeProvider time)
    : MediatR.IRequestHandler<CompleteResumableUploadCommand, long>
{
    public async Task<long> Handle(CompleteResumableUploadCommand request, CancellationToken cancellationToken)
    {
        var upload = await db.ResumableUploads.FirstAsync(u => u.Id == request.Id, cancellationToken);
        if (upload.AttachmentId is { } stored)
            return stored;

        // The upload's lock keeps every other claimer away, so no parts means they are gone (swept after expiry).
        await using var parts = await chunks.TryClaimAsync(ResumableUploads.PartsKey(upload.Id), cancellationToken)
            ?? throw new NotFoundException($"The bytes of upload {upload.Id:N} are no longer kept; create a new upload and send the file again.");

        using var file = await AssembleAsync(upload, parts, cancellationToken);
        Attachment attachment;
        try
        {
            attachment = await store.AddAsync(file, upload.CategoryId, imagesOnly: false, visibility: null, cancellationToken);
        }
        catch (ServiceUnavailableException)
        {
            parts.Release();
            throw;
        }

        upload.CompletedAt = time.GetUtcNow();
        upload.AttachmentId = attachment.Id;
        await db.SaveChangesAsync(cancellationToken);
        return attachment.Id;
    }

    private async Task<StagedFile> AssembleAsync(ResumableUpload upload, IChunkAssembly parts, CancellationToken cancellationToken)
    {
        await using var content = await parts.OpenConcatenatedAsync(upload.Parts, cancellationToken);
        var file = await storage.StageAsync(content, upload.FileName, upload.Length, cancellationToken);
        if (file.Length == upload.Length)
            return file;

        file.Dispose();
        throw new ValidationException(
            $"The parts of upload {upload.Id:N} add up to {file.Length} bytes, not its Upload-Length of {upload.Length}; create a new upload and send the file again.");
    }
}
