using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.PurgeTrash;

/// <summary>Deletes for ever up to <see cref="BatchSize"/> attachments that have been in the trash longer than the retention.</summary>
/// <returns>How many went; 0 also when another instance purged the same ones at the same moment.</returns>
public sealed record PurgeTrashCommand : ICommand<int>
{
    public const int BatchSize = 200;
}

public sealed class PurgeTrashCommandHandler(IApplicationDbContext db, AttachmentTrash trash, IOptions<AttachmentOptions> options, TimeProvider time)
    : IRequestHandler<PurgeTrashCommand, int>
{
    public async Task<int> Handle(PurgeTrashCommand request, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.TrashRetention;
        var expired = await db.TrashedAttachments
            .Where(t => t.DeletedTime <= cutoff)
            .OrderBy(t => t.DeletedTime).ThenBy(t => t.Id)
            .Take(PurgeTrashCommand.BatchSize)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
            return 0;

        try
        {
            await trash.DeleteForEverAsync(expired, cancellationToken);
        }
        catch (ServiceUnavailableException)
        {
            // A row went meanwhile (restored, or purged by another instance); the next round takes what is left.
            return 0;
        }

        return expired.Count;
    }
}
