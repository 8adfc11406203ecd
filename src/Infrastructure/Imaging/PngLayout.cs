using System.Buffers.Binary;
using System.IO.Compression;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// The chunks of a PNG file, read without decoding a pixel: the header, what metadata it carries, and which
/// byte ranges make up the same picture without it. Only the chunks that say how to render the pixels are kept
/// (palette, transparency, gamma, chromaticities, sRGB intent, significant bits); text, time, EXIF, physical
/// size and every unknown ancillary chunk go. An unknown critical chunk, a length past the end or no IEND gives
/// no layout, and the caller decodes the file the ordinary way.
/// </summary>
internal sealed class PngLayout
{
    private const int MaxIccBytes = 4 << 20;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly HashSet<string> Rendering = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT"];

    private readonly List<(int Start, int Length)> _kept;

    private PngLayout(int width, int height, int bitDepth, bool animated, bool exif, byte[]? icc, List<(int Start, int Length)> kept)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        IsAnimated = animated;
        HasExif = exif;
        Icc = icc;
        _kept = kept;
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    /// <summary>An APNG (acTL): ImageMagick stores its still image, which the ordinary path does.</summary>
    public bool IsAnimated { get; }

    /// <summary>An eXIf chunk, which may hold an orientation that browsers apply.</summary>
    public bool HasExif { get; }

    /// <summary>The iCCP profile, inflated; null when there is none or it cannot be inflated within 4 MiB.</summary>
    public byte[]? Icc { get; }

    /// <summary>Whether an iCCP chunk was there, readable or not.</summary>
    public bool HasIccChunk { get; private init; }

    public static PngLayout? Read(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(Signature))
            return null;

        var kept = new List<(int Start, int Length)> { (0, Signature.Length) };
        int width = 0, height = 0, bitDepth = 0;
        bool animated = false, exif = false, iccChunk = false;
        byte[]? icc = null;
        var position = Signature.Length;

        while (true)
        {
            if (position + 12 > png.Length)
                return null;

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > int.MaxValue || position + 12L + length > png.Length)
                return null;

            var type = System.Text.Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            var data = png.Slice(position + 8, (int)length);
            var end = position + 12 + (int)length;

            if (position == Signature.Length)
            {
                if (type != "IHDR" || length != 13)
                    return null;
                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), int.MaxValue);
                bitDepth = data[8];
                if (width == 0 || height == 0)
                    return null;
            }

            switch (type)
            {
                case "acTL":
                    animated = true;
                    break;
                case "eXIf":
                    exif = true;
                    break;
                case "iCCP":
                    iccChunk = true;
                    icc = Inflate(data);
                    break;
            }

            if (Rendering.Contains(type))
                kept.Add((position, end - position));
            else if (char.IsUpper(type[0]) || type.Any(c => !char.IsAsciiLetter(c)))
                return null;

            if (type == "IEND")
                return new PngLayout(width, height, bitDepth, animated, exif, icc, kept) { HasIccChunk = iccChunk };

            position = end;
        }
    }

    public void WriteStripped(ReadOnlySpan<byte> png, Stream destination)
    {
        foreach (var (start, length) in _kept)
            destination.Write(png.Slice(start, length));
    }

    // iCCP: a Latin-1 name, a NUL, the compression method (0, zlib) and the zlib stream.
    private static byte[]? Inflate(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 1 || nul + 2 > data.Length || data[nul + 1] != 0)
            return null;

        try
        {
            using var compressed = new MemoryStream(data[(nul + 2)..].ToArray());
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var buffer = new byte[81_920];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (inflated.Length + read > MaxIccBytes)
                    return null;
                inflated.Write(buffer, 0, read);
            }

            return inflated.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
