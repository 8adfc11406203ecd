using System.Globalization;

namespace Attachments.Infrastructure.Recovery;

/// <summary>What recovery did, for its one summary log line.</summary>
public sealed class RecoveryCounts
{
    public int PlacedFilesRemoved { get; set; }

    public int BackupsRestored { get; set; }

    public int BackupsDropped { get; set; }

    public int TrashRestored { get; set; }

    public int TrashDeleted { get; set; }

    public int TempFilesRemoved { get; set; }

    public int MovesUndone { get; set; }

    public int ChunkedUploadsReleased { get; set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"placed files removed {PlacedFilesRemoved}, backups restored {BackupsRestored}, backups dropped {BackupsDropped}, " +
        $"trash restored {TrashRestored}, trash deleted {TrashDeleted}, temp files removed {TempFilesRemoved}, " +
        $"moved files put back {MovesUndone}, chunked uploads released {ChunkedUploadsReleased}");
}
