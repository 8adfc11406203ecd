using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Common;

/// <summary>What a tus upload answers (HEAD, and the headers of POST and PATCH).</summary>
/// <param name="AttachmentId">Set once the upload is complete and stored.</param>
public sealed record ResumableUploadDto(Guid Id, long Length, long Offset, string? Metadata, DateTimeOffset ExpiresAt, long? AttachmentId)
{
    public static ResumableUploadDto Of(ResumableUpload upload) =>
        new(upload.Id, upload.Length, upload.Offset, upload.Metadata, upload.ExpiresAt, upload.AttachmentId);
}

/// <summary>The lookups and names every tus command shares.</summary>
internal static class ResumableUploads
{
    /// <summary>Held by the request that writes to the upload, on any instance: PATCHes of one upload take turns.</summary>
    public static string LockName(Guid id) => $"tus-upload:{id:N}";

    /// <summary>The chunk store's key for the upload's parts.</summary>
    public static string PartsKey(Guid id) => $"tus-{id:N}";

    /// <summary>The caller's upload, tracked; 404 for another user's, a missing or an expired one.</summary>
    public static async Task<ResumableUpload> FindAsync(
        IApplicationDbContext db, Guid id, ICurrentUser currentUser, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new UnauthenticatedException();
        var upload = await db.ResumableUploads.FirstOrDefaultAsync(u => u.Id == id && u.UserId == userId, cancellationToken);
        if (upload is null || upload.ExpiresAt <= time.GetUtcNow())
            throw new NotFoundException($"There is no upload {id:N} of yours; it may have expired or been ended. Create a new upload with POST /api/tus/.");

        return upload;
    }
}
