using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Jobs.Common;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>
/// Indexes files under uploads/ that have no row, processes the images indexed as found (unless
/// Jobs:ScanProcessesImages is off), then builds every missing image thumbnail.
/// </summary>
public sealed class ScanUploadsJob(
    IApplicationDbContext db, IFileStorage storage, IOptions<ScanOptions> options, ILogger<ScanUploadsJob> logger)
    : IBackgroundJob
{
    public async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(
            await db.Attachments.AsNoTracking().Select(a => a.FileLocation).ToListAsync(cancellationToken),
            StringComparer.Ordinal);

        var unindexed = new List<string>();
        var ignored = 0;
        var alreadyIndexed = 0;
        await foreach (var location in storage.EnumerateLocationsAsync(cancellationToken))
        {
            // Before the layout: an edit may have moved a file anywhere under uploads/, and its row still knows it.
            if (known.Contains(location))
            {
                alreadyIndexed++;
                continue;
            }

            switch (UploadLayout.Classify(location))
            {
                case UploadLayout.Kind.File:
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
        context.Count(JobCounter.AlreadyIndexed, alreadyIndexed);
        logger.LogInformation(
            "Scan found {Count} files without a row under uploads/ and {AlreadyIndexed} with one; {Ignored} files outside the uploads/yyyyMM/dd/<name>.<ext> layout are ignored",
            unindexed.Count, alreadyIndexed, ignored);

        await context.ForEachAsync(unindexed, location => location, async (location, ct) =>
        {
            var outcome = await context.SendAsync(new IndexUploadedFileCommand(location), ct);
            context.Count(CounterFor(outcome));
        }, cancellationToken);

        if (options.Value.ScanProcessesImages)
            await ProcessIndexedImagesAsync(context, cancellationToken);

        // Listed after indexing, so the images just indexed get their thumbnails here too.
        var images = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderBy(a => a.Id)
            .Select(a => a.FileLocation)
            .ToListAsync(cancellationToken);
        var withoutThumbnail = new List<string>();
        foreach (var location in images)
        {
            if (await ThumbnailMissingAsync(location, cancellationToken))
                withoutThumbnail.Add(location);
        }

        logger.LogInformation("Scan found {Count} images without a thumbnail", withoutThumbnail.Count);

        await context.ForEachAsync(withoutThumbnail, location => location, async (location, ct) =>
        {
            await context.SendAsync(new BuildThumbnailCommand(location), ct);
            context.Count(JobCounter.ThumbnailsBuilt);
        }, cancellationToken);
    }

    /// <summary>Images indexed as found, by this scan or an earlier one run with the setting off.</summary>
    private async Task ProcessIndexedImagesAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var unprocessed = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage && !a.IsProcessed)
            .OrderBy(a => a.Id)
            .Select(a => new IndexedImage(a.Id, a.FileLocation))
            .ToListAsync(cancellationToken);
        logger.LogInformation("Scan found {Count} images indexed as found, still carrying their metadata", unprocessed.Count);

        await context.ForEachAsync(unprocessed, image => image.FileLocation, async (image, ct) =>
        {
            if (await context.SendAsync(new ProcessIndexedImageCommand(image.Id), ct))
                context.Count(JobCounter.ImagesProcessed);
        }, cancellationToken);
    }

    private static JobCounter CounterFor(IndexOutcome outcome) => outcome switch
    {
        IndexOutcome.Indexed => JobCounter.Indexed,
        IndexOutcome.Skipped => JobCounter.Skipped,
        IndexOutcome.Duplicate => JobCounter.Duplicates,
        IndexOutcome.AlreadyIndexed => JobCounter.AlreadyIndexed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private async Task<bool> ThumbnailMissingAsync(string location, CancellationToken cancellationToken)
    {
        try
        {
            return !await storage.ExistsAsync(Attachment.ThumbLocationFor(location), cancellationToken);
        }
        catch (ValidationException)
        {
            // A row pointing outside uploads/ is left to its unit, which fails and names it.
            return true;
        }
    }

    private sealed record IndexedImage(long Id, string FileLocation);
}
