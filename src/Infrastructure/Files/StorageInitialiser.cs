using Attachments.Application.Attachments.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

public sealed class StorageInitialiser(IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageInitialiser> logger)
{
    // Long enough that an upload still streaming in another instance sharing the folder is left alone.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public void Initialise()
    {
        var storage = options.Value;
        Directory.CreateDirectory(Path.Combine(storage.FullRoot, AttachmentLocations.Root));
        Directory.CreateDirectory(storage.TempDirectory);

        var cutoff = time.GetUtcNow().UtcDateTime - AbandonedAfter;
        var swept = 0;
        foreach (var file in new DirectoryInfo(storage.TempDirectory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff)
                continue;

            file.Delete();
            swept++;
        }

        logger.LogInformation("Storage root is {Root}; removed {Count} abandoned temp files", storage.FullRoot, swept);
    }
}
