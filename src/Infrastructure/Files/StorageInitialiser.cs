using Attachments.Application.Attachments.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

public sealed class StorageInitialiser(IOptions<StorageOptions> options, ILogger<StorageInitialiser> logger)
{
    /// <summary>Creates the folders; pending file operations are applied later, with the database.</summary>
    public void Initialise()
    {
        var storage = options.Value;
        Directory.CreateDirectory(Path.Combine(storage.FullRoot, AttachmentLocations.Root));
        Directory.CreateDirectory(storage.StagingDirectory);
        logger.LogInformation("Storage root is {Root}; uploads are staged in .tmp/", storage.FullRoot);
    }
}
