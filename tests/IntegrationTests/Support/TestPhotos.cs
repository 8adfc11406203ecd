using ImageMagick;

namespace Attachments.IntegrationTests.Support;

internal static class TestPhotos
{
    /// <summary>A photo-like JPEG (a gradient with noise, so that formats compress as they would a photo).</summary>
    public static byte[] Gradient(uint width, uint height, MagickFormat format = MagickFormat.Jpeg)
    {
        // Built from pixels: the service's ImageMagick policy, in force in this process, allows no pattern coders.
        var pixels = new byte[width * height * 3];
        var random = new Random((int)(width * 31 + height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var noise = random.Next(-12, 13);
                pixels[i] = (byte)Math.Clamp((48 + (192 * x / width)) + noise, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp((96 + (64 * y / height)) + noise, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp((192 - (144 * x / width)) + noise, 0, 255);
            }
        }

        using var image = new MagickImage(MagickColors.Black, width, height);
        image.GetPixels().SetArea(0, 0, width, height, pixels);
        image.Quality = 90;
        return image.ToByteArray(format);
    }
}
