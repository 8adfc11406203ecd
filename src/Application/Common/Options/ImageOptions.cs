namespace Attachments.Application.Common.Options;

public sealed class ImageOptions
{
    public const string SectionName = "Images";

    public int MaxWidth { get; set; } = 16_384;

    public int MaxHeight { get; set; } = 16_384;

    /// <summary>Width × height of one frame (of its canvas, when that is larger); 50 megapixels by default.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    public int MaxFrames { get; set; } = 300;

    /// <summary>
    /// Canvas width × height summed over every frame that is decoded (all frames of an animation, which are
    /// coalesced to full canvases); 100 megapixels by default, about 400 MB of pixels at 8 bits per RGBA channel.
    /// </summary>
    public long MaxTotalPixels { get; set; } = 100_000_000;

    /// <summary>Pixel cache ImageMagick may hold in memory (process-wide) before it spills to disk.</summary>
    public long MaxMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Pixel cache ImageMagick may spill to disk (process-wide); beyond it decoding fails with 422.</summary>
    public long MaxDiskBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Images decoded at the same time; 0 means one per core.</summary>
    public int MaxConcurrentJobs { get; set; }

    /// <summary>
    /// Uploads that may wait for a free slot when all <see cref="MaxConcurrentJobs"/> are busy; one more is
    /// answered 503. 0 means none wait. Background jobs (scan, thumbnail rebuild) wait outside this queue.
    /// </summary>
    public int MaxQueuedJobs { get; set; } = 16;

    /// <summary>An upload that has waited this long for a slot is answered 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int ThumbWidth { get; set; } = 250;

    public int ThumbHeight { get; set; } = 250;

    public ThumbMode ThumbMode { get; set; } = ThumbMode.Fit;

    /// <summary>Used when re-encoding JPEG and WebP whose source quality cannot be read.</summary>
    public int Quality { get; set; } = 85;
}
