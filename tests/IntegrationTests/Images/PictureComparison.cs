using ImageMagick;

namespace Attachments.IntegrationTests.Images;

/// <summary>
/// How different two pictures look: both are squeezed to a small grayscale square and compared pixel by pixel,
/// which ignores size, JPEG noise and thumbnailing but not a rotation or a mirror image.
/// </summary>
internal static class PictureComparison
{
    /// <summary>
    /// The largest difference still counted as the same picture the same way up. Measured on Landscape_0..8 against
    /// Landscape_1's stored result: upright results differ by 0.17–0.35 (thumbnails 0.58–0.80), the digit printed
    /// in each sample included; the seven wrong orientations of Landscape_1 (rotations, flips, transposes) by 51–76.
    /// </summary>
    public const double SamePictureLimit = 10;

    private const uint Side = 16;

    /// <summary>Mean absolute difference of the gray levels, 0 (same) to 255.</summary>
    public static double Difference(IMagickImage<byte> first, IMagickImage<byte> second) =>
        GrayLevels(first).Zip(GrayLevels(second), (a, b) => Math.Abs(a - b)).Average();

    private static byte[] GrayLevels(IMagickImage<byte> image)
    {
        using var small = image.Clone();
        small.Resize(new MagickGeometry(Side, Side) { IgnoreAspectRatio = true });
        small.Depth = 8;
        return small.ToByteArray(MagickFormat.Gray);
    }
}
