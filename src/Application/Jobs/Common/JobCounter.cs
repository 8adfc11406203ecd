namespace Attachments.Application.Jobs.Common;

/// <summary>The outcomes a job counts besides processed and failed, which the job worker counts itself.</summary>
public enum JobCounter
{
    Indexed,
    ThumbnailsBuilt,
    Skipped,
    Duplicates,
    Ignored,
    AlreadyIndexed,
    ImagesProcessed,
}
