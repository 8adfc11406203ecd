using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>Writes every image's thumbnail again, with the current Images:Thumb* settings.</summary>
public sealed class RebuildThumbnailsJob(IApplicationDbContext db, IMediator mediator) : IBackgroundJob
{
    public const string Thumbnails = "thumbnails";

    public IReadOnlyList<string> Phases { get; } = [Thumbnails];

    public async Task<JobPlan> PlanAsync(string phase, CancellationToken cancellationToken) =>
        JobPlan.Of(await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderBy(a => a.Id)
            .Select(a => a.FileLocation)
            .ToListAsync(cancellationToken));

    public async Task<JobCounter?> RunAsync(string phase, string unit, CancellationToken cancellationToken)
    {
        await mediator.Send(new BuildThumbnailCommand(unit, RemoveDerivatives: true), cancellationToken);
        return JobCounter.ThumbnailsBuilt;
    }
}
