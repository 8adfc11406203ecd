using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.ForgetExpiredResumableUploads;

/// <summary>Deletes tus uploads past their Upload-Expires, with whatever parts they still hold; answers how many went.</summary>
public sealed record ForgetExpiredResumableUploadsCommand : ICommand<int>;

public sealed class ForgetExpiredResumableUploadsCommandHandler(IApplicationDbContext db, IChunkStore chunks, TimeProvider time)
    : IRequestHandler<ForgetExpiredResumableUploadsCommand, int>
{
    private const int Batch = 500;

    public async Task<int> Handle(ForgetExpiredResumableUploadsCommand request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await db.ResumableUploads.Where(u => u.ExpiresAt <= now)
            .OrderBy(u => u.ExpiresAt).Take(Batch).ToListAsync(cancellationToken);
        foreach (var upload in expired.Where(u => u.AttachmentId is null))
            await chunks.DiscardAsync(ResumableUploads.PartsKey(upload.Id), cancellationToken);

        db.ResumableUploads.RemoveRange(expired);
        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }
}
