using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>Indexes files under uploads/ that have no row, then builds every missing image thumbnail.</summary>
public sealed class ScanUploadsJob(IApplicationDbContext db, IFileStorage storage, ILogger<ScanUploadsJob> logger)
    : IBackgroundJob
{
    public async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(
            await db.Attachments.AsNoTracking().Select(a => a.FileLocation).ToListAsync(cancellationToken),
            StringComparer.Ordinal);

        var unindexed = new List<string>();
        var ignored = 0;
        foreach (var location in storage.EnumerateLocations())
        {
            switch (UploadLayout.Classify(location))
            {
                case UploadLayout.Kind.File when !known.Contains(location):
                    unindexed.Add(location);
                    break;
                case UploadLayout.Kind.Outside:
                    ignored++;
                    logger.LogDebug("Scan ignores {Location}: not laid out as uploads/yyyyMM/dd/<name>.<ext>", location);
                    break;
            }
        }

        unindexed.Sort(StringComparer.Ordinal);
        context.Count(JobCounter.Ignored, ignored);
        logger.LogInformation(
            "Scan found {Count} files without a row under uploads/; {Ignored} files outside the uploads/yyyyMM/dd/<name>.<ext> layout are ignored",
            unindexed.Count, ignored);

        await context.ForEachAsync(unindexed, location => location, async (location, ct) =>
        {
            var outcome = await context.SendAsync(new IndexUploadedFileCommand(location), ct);
            if (CounterFor(outcome) is { } counter)
                context.Count(counter);
        }, cancellationToken);

        // Listed after indexing, so the images just indexed get their thumbnails here too.
        var images = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderBy(a => a.Id)
            .Select(a => a.FileLocation)
            .ToListAsync(cancellationToken);
        var withoutThumbnail = images.Where(ThumbnailMissing).ToList();
        logger.LogInformation("Scan found {Count} images without a thumbnail", withoutThumbnail.Count);

        await context.ForEachAsync(withoutThumbnail, location => location, async (location, ct) =>
        {
            await context.SendAsync(new BuildThumbnailCommand(location), ct);
            context.Count(JobCounter.ThumbnailsBuilt);
        }, cancellationToken);
    }

    private static JobCounter? CounterFor(IndexOutcome outcome) => outcome switch
    {
        IndexOutcome.Indexed => JobCounter.Indexed,
        IndexOutcome.Skipped => JobCounter.Skipped,
        IndexOutcome.Duplicate => JobCounter.Duplicates,
        IndexOutcome.AlreadyIndexed => null,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private bool ThumbnailMissing(string location)
    {
        try
        {
            return !File.Exists(storage.FullPath(Attachment.ThumbLocationFor(location)));
        }
        catch (ValidationException)
        {
            // A row pointing outside uploads/ is left to its unit, which fails and names it.
            return true;
        }
    }
}
