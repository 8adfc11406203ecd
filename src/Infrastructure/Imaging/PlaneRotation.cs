namespace Attachments.Infrastructure.Imaging;

/// <summary>Turns one 8-bit plane (a Y, Cb or Cr plane of a JPEG) upright by its EXIF orientation.</summary>
internal static class PlaneRotation
{
    // Square tiles keep a quarter turn's reads and writes within a few cache lines each.
    private const int Tile = 64;

    /// <param name="source">Rows of <paramref name="width"/> bytes, one after the other.</param>
    /// <param name="destination">Rows of the upright plane's width (<paramref name="height"/> for orientations 5–8), one after the other.</param>
    /// <param name="orientation">The EXIF orientation, 1–8.</param>
    public static void Apply(ReadOnlySpan<byte> source, int width, int height, Span<byte> destination, int orientation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, width * height);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, width * height);

        // Output pixel (x, y) is source[start + x * stepX + y * stepY].
        var (start, stepX, stepY) = orientation switch
        {
            1 => (0, 1, width),
            2 => (width - 1, -1, width),
            3 => ((height - 1) * width + width - 1, -1, -width),
            4 => ((height - 1) * width, 1, -width),
            5 => (0, width, 1),
            6 => ((height - 1) * width, -width, 1),
            7 => ((height - 1) * width + width - 1, -width, -1),
            8 => (width - 1, width, -1),
            _ => throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "An EXIF orientation is 1 to 8."),
        };
        var (outputWidth, outputHeight) = orientation >= 5 ? (height, width) : (width, height);

        for (var tileY = 0; tileY < outputHeight; tileY += Tile)
        {
            var endY = Math.Min(tileY + Tile, outputHeight);
            for (var tileX = 0; tileX < outputWidth; tileX += Tile)
            {
                var endX = Math.Min(tileX + Tile, outputWidth);
                for (var y = tileY; y < endY; y++)
                {
                    var row = destination.Slice(y * outputWidth, outputWidth);
                    var from = start + tileX * stepX + y * stepY;
                    for (var x = tileX; x < endX; x++, from += stepX)
                        row[x] = source[from];
                }
            }
        }
    }
}
