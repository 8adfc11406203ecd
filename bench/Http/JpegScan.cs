namespace Attachments.Bench.Http;

/// <summary>Compares a JPEG's entropy-coded data (from the first SOS to the end) with another's: equal means no pixel was re-encoded.</summary>
public static class JpegScan
{
    public static bool SameScanData(string a, string b)
    {
        var left = ScanData(File.ReadAllBytes(a));
        var right = ScanData(File.ReadAllBytes(b));
        return left.Length > 0 && left.SequenceEqual(right);
    }

    private static ReadOnlySpan<byte> ScanData(byte[] jpeg)
    {
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            var marker = jpeg[position + 1];
            if (marker == 0xDA)
            {
                var end = Array.LastIndexOf(jpeg, (byte)0xD9);
                return end > position ? jpeg.AsSpan(position, end - position) : [];
            }

            position += 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
        }

        return [];
    }
}
