namespace Attachments.Application.Common.Options;

public sealed class ImageOptions
{
    public const string SectionName = "Images";

    public int MaxWidth { get; set; } = 16_384;

    public int MaxHeight { get; set; } = 16_384;

    /// <summary>Width × height of one frame; 50 megapixels by default.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    public int MaxFrames { get; set; } = 300;

    /// <summary>Pixel cache ImageMagick may hold in memory (process-wide) before it spills to disk.</summary>
    public long MaxMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Pixel cache ImageMagick may spill to disk (process-wide); beyond it decoding fails with 422.</summary>
    public long MaxDiskBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Images decoded at the same time; 0 means one per core.</summary>
    public int MaxConcurrentJobs { get; set; }

    public int ThumbWidth { get; set; } = 250;

    public int ThumbHeight { get; set; } = 250;

    public ThumbMode ThumbMode { get; set; } = ThumbMode.Fit;

    /// <summary>Used when re-encoding JPEG and WebP whose source quality cannot be read.</summary>
    public int Quality { get; set; } = 85;
}
