using System.Buffers.Binary;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// The marker segments of a JPEG file, read without decoding a pixel: what the frame is, what metadata it
/// carries, and which byte ranges make up the same picture without that metadata. Anything this reader does
/// not understand (arithmetic or lossless coding, a marker out of place, a length past the end, no end of
/// image) gives no layout, and the caller decodes the file the ordinary way.
/// </summary>
internal sealed class JpegLayout
{
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Dqt = 0xDB, Dnl = 0xDC, Dri = 0xDD, Dht = 0xC4, Com = 0xFE;
    private const byte App0 = 0xE0, App1 = 0xE1, App2 = 0xE2, App14 = 0xEE, App15 = 0xEF;
    private const ushort OrientationTag = 0x0112;

    private static readonly byte[] Jfif = "JFIF\0"u8.ToArray();
    private static readonly byte[] Exif = "Exif\0\0"u8.ToArray();
    private static readonly byte[] IccProfile = "ICC_PROFILE\0"u8.ToArray();
    private static readonly byte[] Adobe = "Adobe"u8.ToArray();

    private readonly List<Range> _kept;

    private JpegLayout(int width, int height, int precision, int components, bool progressive, int orientation, byte[]? icc, List<Range> kept)
    {
        Width = width;
        Height = height;
        Precision = precision;
        Components = components;
        IsProgressive = progressive;
        Orientation = orientation;
        Icc = icc;
        _kept = kept;
    }

    public int Width { get; }

    public int Height { get; }

    public int Precision { get; }

    /// <summary>1 grey, 3 YCbCr (or RGB by the Adobe marker), 4 CMYK/YCCK.</summary>
    public int Components { get; }

    public bool IsProgressive { get; }

    /// <summary>The EXIF orientation, 1 (upright, also when there is none or it says 0) to 8; 0 when an EXIF block is there but cannot be read.</summary>
    public int Orientation { get; }

    public bool IsUpright => Orientation == 1;

    /// <summary>The embedded ICC profile, its APP2 parts joined in order; null when there is none.</summary>
    public byte[]? Icc { get; }

    /// <returns>The layout, or null when the bytes are not a JPEG this reader can copy segment by segment.</returns>
    public static JpegLayout? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != Soi)
            return null;

        var kept = new List<Range> { new(0, 2) };
        var iccParts = new SortedDictionary<int, byte[]>();
        int width = 0, height = 0, precision = 0, components = 0;
        var progressive = false;
        var orientation = 1;
        var position = 2;

        while (true)
        {
            if (!TryReadMarker(jpeg, ref position, out var marker, out var markerStart))
                return null;

            if (marker == Sos)
                break;

            if (!TryReadSegment(jpeg, position, out var payload, out var next))
                return null;

            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    if (width != 0 || payload.Length < 6)
                        return null;
                    precision = payload[0];
                    height = BinaryPrimitives.ReadUInt16BigEndian(payload[1..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(payload[3..]);
                    components = payload[5];
                    progressive = marker == 0xC2;
                    if (width == 0 || height == 0 || payload.Length < 6 + 3 * components)
                        return null;
                    Keep(kept, markerStart, next);
                    break;
                case Dqt or Dht or Dri:
                    Keep(kept, markerStart, next);
                    break;
                case App0 when payload.StartsWith(Jfif):
                case App14 when payload.StartsWith(Adobe):
                    // JFIF says how to read the samples, Adobe's transform flag whether they are YCbCr or RGB.
                    Keep(kept, markerStart, next);
                    break;
                case App1 when payload.StartsWith(Exif):
                    // A second EXIF block that disagrees with the first makes the file unreadable here.
                    var found = ReadOrientation(payload[Exif.Length..]);
                    orientation = orientation == 1 || found == orientation ? found : 0;
                    break;
                case App2 when payload.StartsWith(IccProfile):
                    if (payload.Length < IccProfile.Length + 2 || !iccParts.TryAdd(payload[IccProfile.Length], payload[(IccProfile.Length + 2)..].ToArray()))
                        return null;
                    break;
                case >= App0 and <= App15 or Com:
                    break;
                default:
                    // Any other frame type (lossless, hierarchical, arithmetic) or a reserved marker.
                    return null;
            }

            position = next;
        }

        if (width == 0)
            return null;

        if (!TryCopyScans(jpeg, position, kept))
            return null;

        return new JpegLayout(width, height, precision, components, progressive, orientation, JoinIcc(iccParts), kept);
    }

    public void WriteStripped(ReadOnlySpan<byte> jpeg, Stream destination)
    {
        foreach (var range in _kept)
            destination.Write(jpeg.Slice(range.Start, range.Length));
    }

    /// <summary>
    /// Walks the scans from the first SOS marker (<paramref name="position"/> is just after it) to EOI, keeping the
    /// entropy-coded data and the tables between progressive scans, and dropping any APPn or COM found there.
    /// </summary>
    private static bool TryCopyScans(ReadOnlySpan<byte> jpeg, int position, List<Range> kept)
    {
        var scanStart = position - 2;
        if (!TryReadSegment(jpeg, position, out _, out position))
            return false;

        while (true)
        {
            var ff = jpeg[position..].IndexOf((byte)0xFF);
            if (ff < 0)
                return false;

            position += ff;
            if (position + 1 >= jpeg.Length)
                return false;

            var code = jpeg[position + 1];
            if (code is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            if (code == 0xFF)
            {
                position += 1;
                continue;
            }

            var markerStart = position;
            if (code == Eoi)
            {
                Keep(kept, scanStart, markerStart + 2);
                return true;
            }

            if (!TryReadSegment(jpeg, markerStart + 2, out _, out var next))
                return false;

            switch (code)
            {
                case Sos or Dht or Dqt or Dri or Dnl:
                    break;
                case >= App0 and <= App15 or Com:
                    Keep(kept, scanStart, markerStart);
                    scanStart = next;
                    break;
                default:
                    return false;
            }

            position = next;
        }
    }

    private static bool TryReadMarker(ReadOnlySpan<byte> jpeg, ref int position, out byte marker, out int markerStart)
    {
        marker = 0;
        markerStart = position;
        if (position >= jpeg.Length || jpeg[position] != 0xFF)
            return false;

        // Fill bytes: any number of 0xFF may come before a marker code.
        while (position < jpeg.Length && jpeg[position] == 0xFF)
            position++;

        if (position >= jpeg.Length)
            return false;

        marker = jpeg[position++];
        markerStart = position - 2;
        return marker is not (0x00 or Soi or Eoi or 0x01) and not (>= 0xD0 and <= 0xD7);
    }

    private static bool TryReadSegment(ReadOnlySpan<byte> jpeg, int position, out ReadOnlySpan<byte> payload, out int next)
    {
        payload = default;
        next = 0;
        if (position + 2 > jpeg.Length)
            return false;

        int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
        if (length < 2 || position + length > jpeg.Length)
            return false;

        payload = jpeg.Slice(position + 2, length - 2);
        next = position + length;
        return true;
    }

    private static void Keep(List<Range> kept, int start, int end)
    {
        if (end <= start)
            return;

        var last = kept[^1];
        if (last.Start + last.Length == start)
            kept[^1] = new Range(last.Start, last.Length + end - start);
        else
            kept.Add(new Range(start, end - start));
    }

    /// <summary>Reads IFD0's Orientation tag from a TIFF block: 1 when there is none, 0 for anything malformed.</summary>
    private static int ReadOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
            return 0;

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
            little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M')
            little = false;
        else
            return 0;

        var ifd = ReadUInt32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
            return 0;

        var count = ReadUInt16(tiff[(int)ifd..], little);
        var entries = (int)ifd + 2;
        if (entries + 12L * count > tiff.Length)
            return 0;

        for (var i = 0; i < count; i++)
        {
            var entry = tiff.Slice(entries + 12 * i, 12);
            if (ReadUInt16(entry, little) != OrientationTag)
                continue;

            var type = ReadUInt16(entry[2..], little);
            if (type != 3)
                return 0;

            var value = ReadUInt16(entry[8..], little);
            return value switch
            {
                0 => 1,
                <= 8 => value,
                _ => 0,
            };
        }

        return 1;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static byte[]? JoinIcc(SortedDictionary<int, byte[]> parts)
    {
        if (parts.Count == 0)
            return null;

        var joined = new byte[parts.Values.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts.Values)
        {
            part.CopyTo(joined, offset);
            offset += part.Length;
        }

        return joined;
    }

    private readonly record struct Range(int Start, int Length);
}
