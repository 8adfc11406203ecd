namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// The colour most of a picture is: pixels are counted in 4096 boxes (4 bits a channel) and the fullest box's mean
/// colour is answered as <c>#rrggbb</c>. Unlike the mean colour, a red boat on a blue sea gives blue, not purple.
/// </summary>
internal static class DominantColor
{
    /// <param name="rgb">Pixels of 3 bytes each (sRGB), in any order.</param>
    public static string Of(ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rgb.Length);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rgb.Length % 3, 0, nameof(rgb));

        var counts = new int[4096];
        var sums = new long[4096 * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            var box = (rgb[i] >> 4 << 8) | (rgb[i + 1] >> 4 << 4) | (rgb[i + 2] >> 4);
            counts[box]++;
            sums[box * 3] += rgb[i];
            sums[box * 3 + 1] += rgb[i + 1];
            sums[box * 3 + 2] += rgb[i + 2];
        }

        var fullest = Array.IndexOf(counts, counts.Max());
        var n = counts[fullest];
        return $"#{Mean(0):x2}{Mean(1):x2}{Mean(2):x2}";

        int Mean(int channel) => (int)Math.Round((double)sums[fullest * 3 + channel] / n, MidpointRounding.AwayFromZero);
    }
}
