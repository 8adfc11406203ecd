using Attachments.Application.Common.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>Deletes the parts of chunked uploads that were abandoned before their last part arrived.</summary>
public sealed class ChunkSweeper(DiskChunkStore store, IOptions<UploadOptions> options, TimeProvider time, ILogger<ChunkSweeper> logger)
{
    public int Sweep()
    {
        var directory = new DirectoryInfo(store.ChunksDirectory);
        if (!directory.Exists)
            return 0;

        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ChunkMaxAge;
        var removed = 0;
        foreach (var upload in directory.EnumerateDirectories())
        {
            if (upload.LastWriteTimeUtc >= cutoff)
                continue;

            try
            {
                upload.Delete(recursive: true);
                removed++;
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove the abandoned chunked upload {Directory}", upload.Name);
            }
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} abandoned chunked uploads older than {MaxAge}", removed, options.Value.ChunkMaxAge);

        return removed;
    }
}
