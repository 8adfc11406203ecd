using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.CreateResumableUpload;

/// <summary>Starts a tus upload of <paramref name="Length"/> bytes (POST /api/tus/); PATCH requests then send them.</summary>
/// <param name="FileName">From the <c>filename</c> metadata.</param>
/// <param name="CategoryId">From the <c>category_id</c> metadata; 0 or null for none.</param>
/// <param name="Metadata">The Upload-Metadata header as sent, kept for HEAD.</param>
public sealed record CreateResumableUploadCommand(long Length, string FileName, long? CategoryId, string? Metadata)
    : ICommand<ResumableUploadDto>;

public sealed class CreateResumableUploadCommandHandler(
    IApplicationDbContext db, ICurrentUser currentUser, TimeProvider time, IOptions<UploadOptions> options)
    : MediatR.IRequestHandler<CreateResumableUploadCommand, ResumableUploadDto>
{
    public async Task<ResumableUploadDto> Handle(CreateResumableUploadCommand request, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFileSizeBytes;
        if (request.Length > limit)
            throw new PayloadTooLargeException($"Upload-Length is {request.Length} bytes; files may be at most {limit} bytes.");

        var now = time.GetUtcNow();
        var upload = new ResumableUpload
        {
            Id = Guid.NewGuid(),
            UserId = currentUser.Id ?? throw new UnauthenticatedException(),
            FileName = request.FileName,
            CategoryId = UploadRules.Stored(request.CategoryId),
            Length = request.Length,
            Metadata = request.Metadata,
            CreatedAt = now,
            ExpiresAt = now + options.Value.ChunkMaxAge,
        };
        db.ResumableUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return ResumableUploadDto.Of(upload);
    }
}
