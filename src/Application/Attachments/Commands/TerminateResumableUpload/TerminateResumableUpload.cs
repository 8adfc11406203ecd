using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;

namespace Attachments.Application.Attachments.Commands.TerminateResumableUpload;

/// <summary>
/// Ends a tus upload (DELETE /api/tus/{id}): its row and the bytes received go. A completed upload's attachment stays;
/// only the upload is forgotten.
/// </summary>
public sealed record TerminateResumableUploadCommand(Guid Id) : ICommand<Unit>;

public sealed class TerminateResumableUploadCommandHandler(
    IApplicationDbContext db, IExclusiveLocks locks, IChunkStore chunks, ICurrentUser currentUser, TimeProvider time)
    : IRequestHandler<TerminateResumableUploadCommand, Unit>
{
    public async Task<Unit> Handle(TerminateResumableUploadCommand request, CancellationToken cancellationToken)
    {
        var id = request.Id;
        await using var turn = await locks.TryAcquireAsync(ResumableUploads.LockName(id), cancellationToken)
            ?? throw new ConflictException($"A request is sending bytes to upload {id:N} right now; stop it, then end the upload.");

        var upload = await ResumableUploads.FindAsync(db, id, currentUser, time, cancellationToken);
        db.ResumableUploads.Remove(upload);
        await db.SaveChangesAsync(cancellationToken);
        await chunks.DiscardAsync(ResumableUploads.PartsKey(id), cancellationToken);
        return Unit.Value;
    }
}
