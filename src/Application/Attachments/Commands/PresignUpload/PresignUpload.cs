using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.PresignUpload;

/// <summary>Starts a direct upload: a URL the client sends the file's bytes to, then completes the upload with its id.</summary>
/// <param name="FileName">The client's name for the file, as an upload's file part would carry it.</param>
/// <param name="FileSize">Exactly the bytes the client will send.</param>
/// <param name="CategoryId">0 or null for none.</param>
public sealed record PresignUploadCommand(string FileName, long FileSize, long? CategoryId = null) : ICommand<DirectUploadDto>;

/// <param name="ExpiresAt">Unix seconds: the URL works, and the upload can be completed, until then.</param>
public sealed record DirectUploadDto(Guid UploadId, string Url, string Method, IReadOnlyDictionary<string, string> Headers, long ExpiresAt);

public sealed class PresignUploadCommandHandler(
    IApplicationDbContext db,
    IDirectUploadTarget target,
    ICurrentUser currentUser,
    TimeProvider time,
    IOptions<UploadOptions> uploads,
    IOptions<DirectUploadOptions> options) : MediatR.IRequestHandler<PresignUploadCommand, DirectUploadDto>
{
    public async Task<DirectUploadDto> Handle(PresignUploadCommand request, CancellationToken cancellationToken)
    {
        var limit = uploads.Value.MaxFileSizeBytes;
        if (request.FileSize > limit)
            throw new PayloadTooLargeException($"The file is {request.FileSize} bytes; files may be at most {limit} bytes.");

        var now = time.GetUtcNow();
        var upload = new DirectUpload
        {
            Id = Guid.NewGuid(),
            UserId = currentUser.Id ?? throw new UnauthenticatedException(),
            FileName = request.FileName,
            FileSize = request.FileSize,
            CategoryId = UploadRules.Stored(request.CategoryId),
            CreatedAt = now,
            // Whole seconds, as the URL and the answer carry it.
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.UrlLifetime).ToUnixTimeSeconds()),
        };
        db.DirectUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);

        var url = target.CreateUrl(upload.Id, upload.FileSize, upload.ExpiresAt);
        return new DirectUploadDto(upload.Id, url.Url, url.Method, url.Headers, upload.ExpiresAt.ToUnixTimeSeconds());
    }
}
