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

    /// <summary>Used when re-encoding JPEG and WebP whose source quality cannot be read, and by transforms without <c>q</c>.</summary>
    public int Quality { get; set; } = 85;

    /// <summary>
    /// Named sizes (<c>Images:Sizes:&lt;name&gt;:Width/Height/Mode</c>) every image offers in its <c>sizes</c> and <c>srcset</c>,
    /// made on first request (or at upload with <see cref="MakeSizesAtUpload"/>) and kept. A size with neither width
    /// nor height is switched off.
    /// </summary>
    public Dictionary<string, ImageSize> Sizes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["small"] = new() { Width = 500 },
        ["medium"] = new() { Width = 1000 },
        ["large"] = new() { Width = 1920 },
    };

    /// <summary>Makes every named size right after an upload, in the background, rather than on its first request.</summary>
    public bool MakeSizesAtUpload { get; set; }

    /// <summary>
    /// The key URL signatures are made with (transforms, private files); shared by every instance. Empty: derived
    /// from <c>Auth:SigningKey</c>.
    /// </summary>
    public string? TransformKey { get; set; }

    /// <summary>Width × height a transform may produce (after <c>dpr</c>); 16 megapixels by default.</summary>
    public long MaxTransformPixels { get; set; } = 16_000_000;
}

public sealed class ImageSize
{
    /// <summary>0: no limit that way.</summary>
    public int Width { get; set; }

    public int Height { get; set; }

    public ThumbMode Mode { get; set; } = ThumbMode.Fit;

    public bool IsEnabled => Width > 0 || Height > 0;
}
