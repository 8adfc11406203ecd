using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery;
using ImageMagick;
using ImageMagick.Formats;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Imaging;

public sealed class MagickImageProcessor(
    IFileStorage storage, IOptions<ImageOptions> options, ImageWorkLimiter limiter) : IImageProcessor
{
    private const long FastPngPixels = 4_000_000;

    private readonly ImageOptions _options = options.Value;

    /// <summary>Whether libturbojpeg was found; without it EXIF-rotated JPEGs take the ImageMagick path (decision 024).</summary>
    public static bool TurnsJpegsWithTurboJpeg => TurboJpeg.IsAvailable;

    public async Task<ProcessedImage> ProcessAsync(
        string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken)
    {
        // Only uploads call this: they wait in the bounded queue, and a full one answers 503.
        using var slot = await limiter.EnterOrRefuseAsync(cancellationToken);
        return ProcessIntoTempFiles(sourcePath, inputExtension, outputExtension);
    }

    public async Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterAsync(cancellationToken);
        return ProcessIntoTempFiles(imagePath, extension, extension);
    }

    private ProcessedImage ProcessIntoTempFiles(string sourcePath, string inputExtension, string outputExtension)
    {
        var imagePath = storage.NewStagedPath(outputExtension);
        var thumbnailPath = storage.NewStagedPath(outputExtension);
        try
        {
            var stored = Process(sourcePath, MagickFormats.For(inputExtension), MagickFormats.For(outputExtension), imagePath, thumbnailPath);
            return new ProcessedImage(imagePath, new FileInfo(imagePath).Length, thumbnailPath, stored.Width, stored.Height, stored.Placeholder);
        }
        catch (Exception e)
        {
            storage.DeleteStaged(imagePath);
            storage.DeleteStaged(thumbnailPath);
            if (e is MagickException magick)
                throw Undecodable(magick, inputExtension);

            throw;
        }
    }

    // Measuring and thumbnailing stored images is background work (scan, rebuild): it waits for a slot however long it takes.
    public async Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterAsync(cancellationToken);
        var format = MagickFormats.For(extension);
        try
        {
            CheckHeader(imagePath, format, decodesAllFrames: false);
            using var image = new MagickImage();
            image.Warning += RefuseCorruptData;
            image.Ping(imagePath, ReadSettings(format, frameCount: 1));

            // Browsers turn an image by its EXIF orientation; uploads are measured after auto-orienting too.
            return image.Orientation is Orientation.LeftTop or Orientation.RightTop
                or Orientation.RightBottom or Orientation.LeftBottom
                ? ((int)image.Height, (int)image.Width)
                : ((int)image.Width, (int)image.Height);
        }
        catch (MagickException e)
        {
            throw new UnprocessableContentException($"The image header could not be read as {extension.ToUpperInvariant()}: it is damaged or incomplete.", e);
        }
    }

    public async Task<ImagePlaceholder> WriteThumbnailAsync(
        string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterAsync(cancellationToken);
        var format = MagickFormats.For(extension);
        try
        {
            var header = CheckHeader(imagePath, format, decodesAllFrames: format == MagickFormat.Ico);
            using var image = header.Frames > 1 && format is MagickFormat.Gif or MagickFormat.WebP
                ? ReadFirstFrameCoalesced(imagePath, format)
                : ReadStill(imagePath, format, header.Frames, ThumbnailOnlySettings(format, header.Width, header.Height, withProfiles: true));

            // A stored upload is already upright and sRGB; a file put in the folder by hand may not be.
            image.AutoOrient();
            ToSrgb(image);
            return WriteThumbnail(image, format, thumbnailPath, focus);
        }
        catch (MagickException e)
        {
            throw Undecodable(e, extension);
        }
    }

    public bool CanWrite(string extension) => MagickFormats.CanWrite(extension);

    public async Task RenderAsync(
        string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterOrRefuseAsync(cancellationToken);
        var format = MagickFormats.For(extension);
        var output = MagickFormats.For(outputExtension);
        try
        {
            var header = CheckHeader(imagePath, format, decodesAllFrames: format == MagickFormat.Ico);
            var crop = plan.Crop;
            // libjpeg decodes at the smallest 1/8 step still covering the output, whatever part of it is kept.
            var needWidth = (long)Math.Ceiling(plan.ImageWidth / crop.Width);
            var needHeight = (long)Math.Ceiling(plan.ImageHeight / crop.Height);
            using var image = header.Frames > 1 && format is MagickFormat.Gif or MagickFormat.WebP
                ? ReadFirstFrameCoalesced(imagePath, format)
                : ReadStill(imagePath, format, header.Frames, ScaledDecodeSettings(format, header.Width, header.Height, needWidth, needHeight, withProfiles: true));
            image.AutoOrient();
            ToSrgb(image);
            if (crop != new CropWindow(0, 0, 1, 1))
            {
                var geometry = new MagickGeometry(
                    (int)Math.Round(crop.Left * image.Width), (int)Math.Round(crop.Top * image.Height),
                    (uint)Math.Max(1, Math.Round(crop.Width * image.Width)), (uint)Math.Max(1, Math.Round(crop.Height * image.Height)));
                image.Crop(geometry);
                image.ResetPage();
            }

            image.Thumbnail(new MagickGeometry((uint)plan.ImageWidth, (uint)plan.ImageHeight) { IgnoreAspectRatio = true });
            if (plan.CanvasWidth != plan.ImageWidth || plan.CanvasHeight != plan.ImageHeight)
            {
                image.BackgroundColor = output == MagickFormat.Jpeg ? MagickColors.White : MagickColors.Transparent;
                image.Extent((uint)plan.CanvasWidth, (uint)plan.CanvasHeight, Gravity.Center);
            }

            image.Strip();
            image.Format = output;
            if (output == MagickFormat.Jpeg && image.HasAlpha)
            {
                image.BackgroundColor = MagickColors.White;
                image.Alpha(AlphaAction.Remove);
            }

            image.Quality = (uint)quality;
            if (output == MagickFormat.Avif)
                image.Settings.SetDefine(MagickFormat.Heic, "speed", "8");

            StagedImageFile.Write(outputPath, stream => image.Write(stream));
        }
        catch (MagickException e)
        {
            throw Undecodable(e, extension);
        }
    }

    // Over the pixel-cache limits (Images:MaxMemoryBytes + MaxDiskBytes) ImageMagick reports a cache error, not
    // always a resource-limit one; either means the image is too big for this service, not that it is damaged.
    private static UnprocessableContentException Undecodable(MagickException e, string extension) =>
        e is MagickResourceLimitErrorException or MagickCacheErrorException
            ? new UnprocessableContentException("The image needs more memory, disk or frames than this service allows for one image.", e)
            : new UnprocessableContentException($"The image could not be decoded as {extension.ToUpperInvariant()}: it is damaged or incomplete.", e);

    private static MagickImage ReadFirstFrameCoalesced(string imagePath, MagickFormat format)
    {
        using var frames = ReadCollection(imagePath, ReadSettings(format, frameCount: 1));
        frames.Coalesce();
        return (MagickImage)frames[0].Clone();
    }

    private Stored Process(
        string sourcePath, MagickFormat input, MagickFormat output, string imagePath, string thumbnailPath)
    {
        var header = CheckHeader(sourcePath, input, decodesAllFrames: input is MagickFormat.Gif or MagickFormat.WebP or MagickFormat.Ico);
        var frameCount = header.Frames;
        var keepAnimation = frameCount > 1 && output is MagickFormat.Gif or MagickFormat.WebP;

        if (keepAnimation)
            return ProcessAnimation(sourcePath, input, output, imagePath, thumbnailPath);

        if (input == MagickFormat.Jpeg && output == MagickFormat.Jpeg && TryStoreJpegWithoutImageMagick(sourcePath, header.Quality, imagePath, thumbnailPath) is { } jpeg)
            return jpeg;

        if (input == MagickFormat.Png && output == MagickFormat.Png && TryCopyPngWithoutMetadata(sourcePath, imagePath, thumbnailPath) is { } png)
            return png;

        using var image = ReadStill(sourcePath, input, frameCount, ReadSettings(input, frameCount: 1));
        image.AutoOrient();
        ToSrgb(image);
        image.Strip();
        Encode(image, output, input);
        StagedImageFile.Write(imagePath, stream => image.Write(stream));
        var size = ((int)image.Width, (int)image.Height);

        // The full-size picture is written: the thumbnail is made from it in place, not from a copy.
        return new Stored(size.Item1, size.Item2, WriteThumbnail(image, output, thumbnailPath, FocalPoint.Centre));
    }

    /// <summary>
    /// The lossless path (decision 022): an upright, sRGB, 8-bit JPEG is stored as its own segments without the
    /// metadata ones, so no pixel is decoded at full size or re-encoded. An EXIF-rotated one is turned upright by
    /// TurboJPEG (decision 024): its DCT blocks moved losslessly when it divides into whole MCUs, otherwise its YUV
    /// planes turned and encoded again. Either way the thumbnail is decoded from the stored file at a reduced size.
    /// </summary>
    /// <returns>The size, or null when the file needs ImageMagick (another colour space, unusual coding, damaged).</returns>
    private Stored? TryStoreJpegWithoutImageMagick(string sourcePath, uint sourceQuality, string imagePath, string thumbnailPath)
    {
        using var source = MappedFile.Open(sourcePath);
        var layout = source is null ? null : JpegLayout.Read(source.Span);
        if (layout is not { Orientation: >= 1, Precision: 8, Components: 1 or 3 } || !IsSrgbOrNone(layout.Icc))
            return null;

        CheckSize(layout.Width, layout.Height);
        CheckTotal((long)layout.Width * layout.Height, frameCount: 1);
        if (layout.IsUpright)
            return StoreWithThumbnail(MagickFormat.Jpeg, (layout.Width, layout.Height), stream => layout.WriteStripped(source!.Span, stream), imagePath, thumbnailPath);

        using var upright = TurboJpeg.TransformLosslessly(source!.Span, layout.Orientation, layout.IsProgressive)
            ?? TurboJpeg.Reencode(source.Span, layout.Orientation, QualityFor(sourceQuality));
        if (upright is null)
            return null;

        var size = layout.Orientation >= 5 ? (layout.Height, layout.Width) : (layout.Width, layout.Height);
        return StoreWithThumbnail(MagickFormat.Jpeg, size, stream => stream.Write(upright.Span), imagePath, thumbnailPath);
    }

    /// <summary>
    /// The PNG counterpart: the chunks that render the picture, without text, time or EXIF chunks. Saves the
    /// encode, by far the dearest step for a large PNG (zlib); the thumbnail still needs the full decode.
    /// </summary>
    private Stored? TryCopyPngWithoutMetadata(string sourcePath, string imagePath, string thumbnailPath)
    {
        using var source = MappedFile.Open(sourcePath);
        var layout = source is null ? null : PngLayout.Read(source.Span);
        if (layout is not { IsAnimated: false, HasExif: false, BitDepth: <= 8 } || (layout.HasIccChunk && (layout.Icc is null || !IsSrgbOrNone(layout.Icc))))
            return null;

        CheckSize(layout.Width, layout.Height);
        CheckTotal((long)layout.Width * layout.Height, frameCount: 1);
        return StoreWithThumbnail(MagickFormat.Png, (layout.Width, layout.Height), stream => layout.WriteStripped(source!.Span, stream), imagePath, thumbnailPath);
    }

    private Stored StoreWithThumbnail(
        MagickFormat format, (int Width, int Height) size, Action<Stream> writeImage, string imagePath, string thumbnailPath)
    {
        StagedImageFile.Write(imagePath, writeImage);

        // Decoding the thumbnail reads all the compressed data, so a damaged file is refused here as on the full path.
        var settings = format == MagickFormat.Jpeg
            ? ThumbnailOnlySettings(format, size.Width, size.Height, withProfiles: false)
            : ReadSettings(format, frameCount: 1);
        using var image = ReadStill(imagePath, format, frameCount: 1, settings);
        return new Stored(size.Width, size.Height, WriteThumbnail(image, format, thumbnailPath, FocalPoint.Centre));
    }

    private static bool IsSrgbOrNone(byte[]? icc)
    {
        if (icc is null)
            return true;

        try
        {
            return IsSrgb(new ColorProfile(icc));
        }
        catch (MagickException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads only the headers, so a pixel flood or a frame bomb is refused before any pixel is decoded. A frame is
    /// measured by its canvas when that is larger: coalescing an animation, or a browser showing it, fills the
    /// whole canvas for every frame, so a tiny GIF of 1×1 frames on a large canvas is as big as its canvas says.
    /// </summary>
    /// <param name="decodesAllFrames">Whether the caller decodes every frame (animations, icons) or only the first.</param>
    private Header CheckHeader(string sourcePath, MagickFormat input, bool decodesAllFrames)
    {
        using var frames = new MagickImageCollection();
        frames.Warning += RefuseCorruptData;
        frames.Ping(sourcePath, ReadSettings(input, frameCount: _options.MaxFrames + 1));

        if (frames.Count == 0)
            throw new UnprocessableContentException("The image has no frames.");

        if (frames.Count > _options.MaxFrames)
            throw new UnprocessableContentException($"The image has more than {_options.MaxFrames} frames, the limit.");

        long totalPixels = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var width = Math.Max(frame.Width, frame.Page.Width);
            var height = Math.Max(frame.Height, frame.Page.Height);
            CheckSize(width, height);
            if (decodesAllFrames || i == 0)
                totalPixels += (long)width * height;
        }

        CheckTotal(totalPixels, frames.Count);
        return new Header(frames.Count, frames[0].Width, frames[0].Height, frames[0].Quality);
    }

    private void CheckSize(long width, long height)
    {
        if (width > _options.MaxWidth || height > _options.MaxHeight || width * height > _options.MaxPixels)
        {
            throw new UnprocessableContentException(
                $"The image is {width}×{height} pixels; the limit is {_options.MaxWidth}×{_options.MaxHeight} and {_options.MaxPixels} pixels in all.");
        }
    }

    private void CheckTotal(long totalPixels, int frameCount)
    {
        if (totalPixels > _options.MaxTotalPixels)
        {
            throw new UnprocessableContentException(
                $"The image's frames add up to {totalPixels} pixels ({frameCount} frames); the limit is {_options.MaxTotalPixels} pixels for all frames together.");
        }
    }

    private static MagickImage ReadStill(string sourcePath, MagickFormat input, int frameCount, MagickReadSettings settings)
    {
        if (frameCount == 1 || input != MagickFormat.Ico)
        {
            var image = new MagickImage();
            image.Warning += RefuseCorruptData;
            try
            {
                image.Read(sourcePath, settings);
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }

        // An icon holds the same picture at several sizes: keep the largest.
        using var frames = ReadCollection(sourcePath, ReadSettings(input, frameCount));
        var largest = frames.OrderByDescending(f => (long)f.Width * f.Height).First();
        return (MagickImage)largest.Clone();
    }

    private Stored ProcessAnimation(
        string sourcePath, MagickFormat input, MagickFormat output, string imagePath, string thumbnailPath)
    {
        using var frames = ReadCollection(sourcePath, ReadSettings(input, _options.MaxFrames));
        frames.Coalesce();
        foreach (var frame in frames)
        {
            frame.Strip();
            frame.Format = output;
        }

        StagedImageFile.Write(imagePath, stream => frames.Write(stream, output));

        return new Stored((int)frames[0].Width, (int)frames[0].Height, WriteThumbnail((MagickImage)frames[0], output, thumbnailPath, FocalPoint.Centre));
    }

    /// <summary>
    /// Resizes <paramref name="thumb"/> itself, so it is written last: the caller's picture is the thumbnail after this.
    /// The placeholder is taken from the whole picture at thumbnail size, before a crop or padding.
    /// </summary>
    private ImagePlaceholder WriteThumbnail(MagickImage thumb, MagickFormat output, string thumbnailPath, FocalPoint focus)
    {
        var width = (uint)_options.ThumbWidth;
        var height = (uint)_options.ThumbHeight;
        ImagePlaceholder placeholder;

        switch (_options.ThumbMode)
        {
            case ThumbMode.Crop when thumb.Width > width || thumb.Height > height:
                thumb.Thumbnail(new MagickGeometry(width, height) { FillArea = true });
                placeholder = Placeholders.Of(thumb);
                var (cropWidth, cropHeight) = (Math.Min(width, thumb.Width), Math.Min(height, thumb.Height));
                var left = (int)Math.Clamp(Math.Round((focus.X * thumb.Width) - (cropWidth / 2.0)), 0, thumb.Width - cropWidth);
                var top = (int)Math.Clamp(Math.Round((focus.Y * thumb.Height) - (cropHeight / 2.0)), 0, thumb.Height - cropHeight);
                thumb.Crop(new MagickGeometry(left, top, cropWidth, cropHeight));
                thumb.ResetPage();
                break;
            case ThumbMode.Pad:
                thumb.Thumbnail(new MagickGeometry(width, height) { Greater = true });
                placeholder = Placeholders.Of(thumb);
                thumb.BackgroundColor = output == MagickFormat.Jpeg ? MagickColors.White : MagickColors.Transparent;
                thumb.Extent(width, height, Gravity.Center);
                break;
            default:
                if (_options.ThumbMode != ThumbMode.Crop)
                    thumb.Thumbnail(new MagickGeometry(width, height) { Greater = true });
                placeholder = Placeholders.Of(thumb);
                break;
        }

        thumb.Strip();
        Encode(thumb, output, output);
        StagedImageFile.Write(thumbnailPath, stream => thumb.Write(stream));
        return placeholder;
    }

    private void Encode(MagickImage image, MagickFormat output, MagickFormat input)
    {
        image.Format = output;
        if (output == MagickFormat.Png)
        {
            // zlib dominates a large PNG's encode: level 1 writes a 12 MP photo in under half the time of
            // ImageMagick's default (level 7) for about 13% more bytes; small pictures keep the usual level 6.
            image.Settings.SetDefines(new PngWriteDefines { CompressionLevel = (long)image.Width * image.Height > FastPngPixels ? 1u : 6u });
        }

        if (output is MagickFormat.Jpeg or MagickFormat.WebP)
        {
            image.Quality = (uint)QualityFor(input == MagickFormat.Jpeg ? image.Quality : 0);
        }

        if (output == MagickFormat.Jpeg && image.HasAlpha)
        {
            image.BackgroundColor = MagickColors.White;
            image.Alpha(AlphaAction.Remove);
        }
    }

    // Keep the source's own JPEG quality when it can be read; re-encoding higher only adds bytes.
    private int QualityFor(uint sourceQuality) => sourceQuality is > 0 and <= 100 ? (int)sourceQuality : _options.Quality;

    // Stripping drops the ICC profile too; converting first keeps the colours right in browsers.
    private static void ToSrgb(MagickImage image)
    {
        var profile = image.GetColorProfile();
        if (profile is not null && !IsSrgb(profile))
            image.TransformColorSpace(profile, ColorProfiles.SRGB);
    }

    // The profile's colour space says only "RGB" for Adobe RGB and Display P3 too; its description names sRGB.
    private static bool IsSrgb(IColorProfile profile) =>
        profile.ColorSpace == ColorSpace.sRGB && profile.Description?.Contains("sRGB", StringComparison.OrdinalIgnoreCase) == true;

    private static MagickImageCollection ReadCollection(string sourcePath, MagickReadSettings settings)
    {
        var frames = new MagickImageCollection();
        frames.Warning += RefuseCorruptData;
        try
        {
            frames.Read(sourcePath, settings);
            return frames;
        }
        catch
        {
            frames.Dispose();
            throw;
        }
    }

    // A truncated file is only a warning to the decoders, which then fill the rest with grey.
    private static void RefuseCorruptData(object? sender, WarningEventArgs e)
    {
        if (e.Exception is MagickCorruptImageWarningException)
            throw new UnprocessableContentException("The image is damaged or incomplete: " + ReasonOnly(e.Message) + ".", e.Exception);
    }

    // ImageMagick's messages go on with "`<server path>' @ <source file>"; the client gets only the reason.
    private static string ReasonOnly(string message)
    {
        var end = message.IndexOfAny(['`', '@', '\'', '/']);
        return (end < 0 ? message : message[..end]).Trim().TrimEnd('.', ':', ' ');
    }

    private static MagickReadSettings ReadSettings(MagickFormat format, int frameCount) => new()
    {
        Format = format,
        FrameIndex = 0,
        FrameCount = (uint)frameCount,
    };

    /// <summary>
    /// For a picture decoded only to make its thumbnail: libjpeg scales a JPEG down by up to 8 while decoding
    /// (the smallest scale still covering the thumbnail box either way round), which skips most of the work.
    /// </summary>
    private MagickReadSettings ThumbnailOnlySettings(MagickFormat format, long width, long height, bool withProfiles)
    {
        var side = Math.Max(_options.ThumbWidth, _options.ThumbHeight);
        return ScaledDecodeSettings(format, width, height, side, side, withProfiles);
    }

    /// <summary>For a picture needed at no more than <paramref name="needWidth"/>×<paramref name="needHeight"/>: a JPEG is decoded scaled down by up to 8.</summary>
    private static MagickReadSettings ScaledDecodeSettings(MagickFormat format, long width, long height, long needWidth, long needHeight, bool withProfiles)
    {
        var settings = ReadSettings(format, frameCount: 1);

        // A hint larger than the picture makes libjpeg scale it up.
        if (format == MagickFormat.Jpeg && width >= 2L * needWidth && height >= 2L * needHeight)
        {
            settings.SetDefines(new JpegReadDefines
            {
                Size = new MagickGeometry((uint)needWidth, (uint)needHeight),
                // An upright sRGB picture needs none of its profiles to be shown right; a stored one may need them all.
                SkipProfiles = withProfiles
                    ? null
                    : JpegProfileTypes.App | JpegProfileTypes.EightBim | JpegProfileTypes.Exif | JpegProfileTypes.Icc | JpegProfileTypes.Iptc | JpegProfileTypes.Xmp,
            });
        }

        return settings;
    }

    private readonly record struct Header(int Frames, uint Width, uint Height, uint Quality);

    private sealed record Stored(int Width, int Height, ImagePlaceholder Placeholder);
}
