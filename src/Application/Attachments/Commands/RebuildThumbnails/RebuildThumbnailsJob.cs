using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

public sealed class RebuildThumbnailsJob(IApplicationDbContext db) : IBackgroundJob
{
    public async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var images = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderBy(a => a.Id)
            .Select(a => a.FileLocation)
            .ToListAsync(cancellationToken);

        await context.ForEachAsync(images, location => location, async (location, ct) =>
        {
            await context.SendAsync(new BuildThumbnailCommand(location), ct);
            context.Count(JobCounter.ThumbnailsBuilt);
        }, cancellationToken);
    }
}
