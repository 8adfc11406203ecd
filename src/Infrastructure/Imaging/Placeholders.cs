using Attachments.Application.Common.Models;
using ImageMagick;

namespace Attachments.Infrastructure.Imaging;

/// <summary>The BlurHash and dominant colour of a picture, from a copy of at most 32×32 pixels (4×3 components need no more).</summary>
internal static class Placeholders
{
    private const uint Side = 32;

    public static ImagePlaceholder Of(MagickImage picture)
    {
        using var small = (MagickImage)picture.Clone();
        small.Thumbnail(new MagickGeometry(Side, Side) { Greater = true });
        if (small.HasAlpha)
        {
            // What a page shows behind a transparent picture is unknown; white is the usual page.
            small.BackgroundColor = MagickColors.White;
            small.Alpha(AlphaAction.Remove);
        }

        using var pixels = small.GetPixels();
        var rgb = pixels.ToByteArray(PixelMapping.RGB)
            ?? throw new InvalidOperationException("ImageMagick gave no pixels for the placeholder.");
        return new ImagePlaceholder(BlurHash.Encode(rgb, (int)small.Width, (int)small.Height), DominantColor.Of(rgb));
    }
}
