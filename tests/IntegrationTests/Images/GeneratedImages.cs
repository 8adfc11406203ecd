using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ImageMagick;
using ImageMagick.Drawing;

namespace Attachments.IntegrationTests.Images;

/// <summary>Images made in the tests, for the formats and defects the shared fixtures do not cover.</summary>
internal static class GeneratedImages
{
    public static readonly MagickColor Left = MagickColors.Red;
    public static readonly MagickColor Right = MagickColors.Blue;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Left half <see cref="Left"/>, right half <see cref="Right"/>.</summary>
    public static byte[] TwoHalves(MagickFormat format, uint width, uint height)
    {
        using var image = new MagickImage(Left, width, height);
        new Drawables().FillColor(Right).Rectangle(width / 2.0, 0, width, height).Draw(image);
        return image.ToByteArray(format);
    }

    /// <summary>A transparent canvas with an opaque green square in the middle.</summary>
    public static byte[] PngWithTransparentBorder(uint width, uint height)
    {
        using var image = new MagickImage(MagickColors.Transparent, width, height);
        new Drawables().FillColor(MagickColors.Lime).Rectangle(width / 4.0, height / 4.0, width * 3 / 4.0, height * 3 / 4.0).Draw(image);
        return image.ToByteArray(MagickFormat.Png);
    }

    public static byte[] AnimatedGif(int frameCount, uint width = 40, uint height = 30)
    {
        using var frames = new MagickImageCollection();
        for (var i = 0; i < frameCount; i++)
        {
            var level = (byte)(i * 255 / Math.Max(1, frameCount - 1));
            frames.Add(new MagickImage(MagickColor.FromRgb(level, 0, (byte)(255 - level)), width, height) { AnimationDelay = 10 });
        }

        return frames.ToByteArray(MagickFormat.Gif);
    }

    /// <summary>
    /// A well-formed PNG header (signature, IHDR with correct CRC) declaring an 8-bit RGB image of the given size,
    /// followed by one compressed row of pixel data and IEND: tiny on disk, enormous once decoded.
    /// </summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        using var png = new MemoryStream();
        png.Write(PngSignature);

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Zlib(new byte[1 + (width * 3)]));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);

        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static byte[] Zlib(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize))
            zlib.Write(data);
        return compressed.ToArray();
    }

    /// <summary>The CRC-32 PNG chunks carry (ISO 3309, polynomial 0xEDB88320), over chunk type and data.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}
