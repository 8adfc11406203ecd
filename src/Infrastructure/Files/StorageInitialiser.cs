using Attachments.Application.Attachments.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

public sealed class StorageInitialiser(
    IOptions<StorageOptions> options, StorageInstance instance, TimeProvider time, ILogger<StorageInitialiser> logger)
{
    // Loose files directly in .tmp come from versions before per-instance folders, or from other tools;
    // no lock tells whose they are, so they go only once no upload could still be streaming into them.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>Creates the folders and takes this instance's temp folder; recovery of dead ones comes later, with the database.</summary>
    public void Initialise()
    {
        var storage = options.Value;
        Directory.CreateDirectory(Path.Combine(storage.FullRoot, AttachmentLocations.Root));
        Directory.CreateDirectory(storage.TempDirectory);
        instance.Acquire();

        var cutoff = time.GetUtcNow().UtcDateTime - AbandonedAfter;
        var swept = 0;
        foreach (var file in new DirectoryInfo(storage.TempDirectory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff)
                continue;

            file.Delete();
            swept++;
        }

        logger.LogInformation(
            "Storage root is {Root}; this instance's temp folder is .tmp/{Instance}; removed {Count} loose temp files older than {Age}",
            storage.FullRoot, instance.Id, swept, AbandonedAfter);
    }
}
