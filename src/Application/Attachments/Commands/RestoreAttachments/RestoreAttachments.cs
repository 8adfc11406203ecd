using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.RestoreAttachments;

/// <summary>Brings attachments back from the trash with their id, location and everything else they had; all or none.</summary>
public sealed record RestoreAttachmentsCommand(IReadOnlyList<long> Ids) : ICommand<IReadOnlyList<AttachmentDto>>;

public sealed class RestoreAttachmentsCommandHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<RestoreAttachmentsCommand, IReadOnlyList<AttachmentDto>>
{
    public async Task<IReadOnlyList<AttachmentDto>> Handle(RestoreAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var ids = request.Ids.Distinct().ToList();
        var trashed = await db.TrashedAttachments.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(trashed.Select(t => t.Id)).ToList();
        if (missing.Count != 0)
            throw new NotFoundException($"{(missing.Count == 1 ? "The trash holds no attachment with the id" : "The trash holds no attachments with the ids")} {string.Join(", ", missing)}; nothing was restored.");

        await RefuseWhatIsTakenAsync(trashed, cancellationToken);

        var attachments = trashed.Select(t => t.ToAttachment()).ToList();
        db.TrashedAttachments.RemoveRange(trashed);
        db.Attachments.AddRange(attachments);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentLocation) || db.IsUniqueViolation(e, UniqueKey.AttachmentMd5))
        {
            throw new ConflictException("Another upload took the place of an attachment being restored at the same moment; nothing was restored. Try again to see which.", e);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConflictException("An attachment being restored was restored or deleted for ever by another request at the same moment; nothing was restored.", e);
        }

        db.PendingFileOperations.AddRange(trashed.Zip(attachments).Select(pair =>
            PendingFileOperation.Move(pair.First.Id, [.. pair.First.TrashLocations.Zip(pair.Second.StoredLocations)])));
        await db.SaveChangesAsync(cancellationToken);

        return mapper.Map<List<AttachmentDto>>(attachments);
    }

    /// <summary>
    /// A trashed attachment's md5 no longer de-duplicates and its location is free, so an upload may have taken either
    /// meanwhile; restoring it then would give two rows one file or one content, which the library never holds.
    /// </summary>
    private async Task RefuseWhatIsTakenAsync(IReadOnlyList<TrashedAttachment> trashed, CancellationToken cancellationToken)
    {
        var locations = trashed.Select(t => t.FileLocation).ToList();
        var md5s = trashed.Select(t => t.FileMd5).ToList();
        var holders = await db.Attachments.AsNoTracking()
            .Where(a => locations.Contains(a.FileLocation) || md5s.Contains(a.FileMd5))
            .Select(a => new { a.Id, a.FileLocation, a.FileMd5 })
            .ToListAsync(cancellationToken);
        var conflicts = trashed
            .SelectMany(t => holders
                .Where(h => h.FileLocation == t.FileLocation || h.FileMd5 == t.FileMd5)
                .Select(h => h.FileLocation == t.FileLocation
                    ? $"attachment {t.Id}'s location {t.FileLocation} is now attachment {h.Id}'s"
                    : $"attachment {t.Id}'s file was uploaded again as attachment {h.Id}"))
            .ToList();
        if (conflicts.Count != 0)
            throw new ConflictException(
                $"Nothing was restored: {string.Join("; ", conflicts)}. Delete the newer attachment first, or delete the trashed one for ever (permanent: true).");
    }
}
