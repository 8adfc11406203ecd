using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Jobs.Common;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>
/// Indexes files under uploads/ that have no row, processes the images indexed as found (unless
/// Jobs:ScanProcessesImages is off), then builds every missing image thumbnail.
/// </summary>
public sealed class ScanUploadsJob(
    IApplicationDbContext db, IFileStorage storage, IMediator mediator, IOptions<ScanOptions> options, ILogger<ScanUploadsJob> logger)
    : IBackgroundJob
{
    public const string Index = "index";
    public const string ProcessImages = "process_images";
    public const string Thumbnails = "thumbnails";

    public IReadOnlyList<string> Phases => options.Value.ScanProcessesImages ? [Index, ProcessImages, Thumbnails] : [Index, Thumbnails];

    public Task<JobPlan> PlanAsync(string phase, CancellationToken cancellationToken) => phase switch
    {
        Index => PlanIndexAsync(cancellationToken),
        ProcessImages => PlanProcessImagesAsync(cancellationToken),
        Thumbnails => PlanThumbnailsAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public async Task<JobCounter?> RunAsync(string phase, string unit, CancellationToken cancellationToken)
    {
        switch (phase)
        {
            case Index:
                return CounterFor(await mediator.Send(new IndexUploadedFileCommand(unit), cancellationToken));

            case ProcessImages:
                var id = await db.Attachments.AsNoTracking()
                    .Where(a => a.FileLocation == unit && a.IsImage && !a.IsProcessed)
                    .Select(a => (long?)a.Id)
                    .FirstOrDefaultAsync(cancellationToken);
                return id is not null && await mediator.Send(new ProcessIndexedImageCommand(id.Value), cancellationToken)
                    ? JobCounter.ImagesProcessed
                    : null;

            case Thumbnails:
                await mediator.Send(new BuildThumbnailCommand(unit), cancellationToken);
                return JobCounter.ThumbnailsBuilt;

            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, null);
        }
    }

    private async Task<JobPlan> PlanIndexAsync(CancellationToken cancellationToken)
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
        logger.LogInformation(
            "Scan found {Count} files without a row under uploads/ and {AlreadyIndexed} with one; {Ignored} files outside the uploads/yyyyMM/dd/<name>.<ext> layout are ignored",
            unindexed.Count, alreadyIndexed, ignored);
        return new JobPlan(unindexed, new Dictionary<JobCounter, long>
        {
            [JobCounter.Ignored] = ignored,
            [JobCounter.AlreadyIndexed] = alreadyIndexed,
        });
    }

    /// <summary>Images indexed as found, by this scan or an earlier one run with the setting off.</summary>
    private async Task<JobPlan> PlanProcessImagesAsync(CancellationToken cancellationToken)
    {
        var unprocessed = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage && !a.IsProcessed)
            .OrderBy(a => a.Id)
            .Select(a => a.FileLocation)
            .ToListAsync(cancellationToken);
        logger.LogInformation("Scan found {Count} images indexed as found, still carrying their metadata", unprocessed.Count);
        return JobPlan.Of(unprocessed);
    }

    /// <summary>Planned once indexing is over, so the images just indexed get their thumbnails here too.</summary>
    private async Task<JobPlan> PlanThumbnailsAsync(CancellationToken cancellationToken)
    {
        var images = await db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderBy(a => a.Id)
            .Select(a => new { a.FileLocation, a.Visibility })
            .ToListAsync(cancellationToken);
        var withoutThumbnail = new List<string>();
        foreach (var image in images)
        {
            if (await ThumbnailMissingAsync(Attachment.StoredLocationFor(Attachment.ThumbLocationFor(image.FileLocation), image.Visibility), cancellationToken))
                withoutThumbnail.Add(image.FileLocation);
        }

        logger.LogInformation("Scan found {Count} images without a thumbnail", withoutThumbnail.Count);
        return JobPlan.Of(withoutThumbnail);
    }

    private static JobCounter CounterFor(IndexOutcome outcome) => outcome switch
    {
        IndexOutcome.Indexed => JobCounter.Indexed,
        IndexOutcome.Skipped => JobCounter.Skipped,
        IndexOutcome.Duplicate => JobCounter.Duplicates,
        IndexOutcome.AlreadyIndexed => JobCounter.AlreadyIndexed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private async Task<bool> ThumbnailMissingAsync(string storedThumbLocation, CancellationToken cancellationToken)
    {
        try
        {
            return !await storage.ExistsAsync(storedThumbLocation, cancellationToken);
        }
        catch (ValidationException)
        {
            // A row pointing outside uploads/ is left to its unit, which fails and names it.
            return true;
        }
    }
}
