using System.Buffers.Binary;
using System.Text;

namespace Attachments.IntegrationTests.Images;

/// <summary>
/// Animated GIFs written byte by byte (with a real LZW encoder), so a file of thousands of frames, or of frames far
/// smaller than their canvas, takes milliseconds to make. ImageMagick's own writer needs minutes for the large ones.
/// </summary>
internal static class GeneratedAnimations
{
    private const int MinCodeSize = 2;
    private const int MaxCode = 4095;

    // Black, red, blue, white: frames alternate between red and blue.
    private static readonly byte[] Palette = [0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255];

    /// <summary>
    /// A valid animated GIF: <paramref name="frameCount"/> frames of <paramref name="frameWidth"/>×<paramref name="frameHeight"/>
    /// at the top left of a <paramref name="canvasWidth"/>×<paramref name="canvasHeight"/> logical screen, each one colour.
    /// </summary>
    public static byte[] Gif(int frameCount, ushort canvasWidth, ushort canvasHeight, ushort frameWidth, ushort frameHeight)
    {
        using var gif = new MemoryStream();
        WriteHeader(gif, canvasWidth, canvasHeight);

        // NETSCAPE2.0: loop forever, as animations on the web do.
        gif.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);

        var red = FrameData(frameWidth * frameHeight, colour: 1);
        var blue = FrameData(frameWidth * frameHeight, colour: 2);
        for (var i = 0; i < frameCount; i++)
        {
            // Graphic control: 2/100 s, no transparency, leave the frame in place.
            gif.Write([0x21, 0xF9, 0x04, 0x04, 0x02, 0x00, 0x00, 0x00]);
            WriteImageDescriptor(gif, frameWidth, frameHeight);
            gif.Write(i % 2 == 0 ? red : blue);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// The classic GIF/JavaScript polyglot: the logical screen width reads <c>/*</c>, so a script parser skips the binary
    /// header as a comment and then runs <paramref name="script"/>, kept in a GIF comment. A decodable GIF all the same.
    /// </summary>
    public static byte[] GifJavaScriptPolyglot(string script = "*/=alert(1)/*")
    {
        using var gif = new MemoryStream();
        var width = BinaryPrimitives.ReadUInt16LittleEndian("/*"u8);
        WriteHeader(gif, width, canvasHeight: 10);
        var comment = Encoding.ASCII.GetBytes(script);
        gif.Write([0x21, 0xFE, (byte)comment.Length, .. comment, 0x00]);
        WriteImageDescriptor(gif, frameWidth: 10, frameHeight: 10);
        gif.Write(FrameData(100, colour: 1));
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    private static void WriteHeader(Stream gif, ushort canvasWidth, ushort canvasHeight)
    {
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, canvasWidth);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], canvasHeight);
        screen[4] = 0x91; // global colour table of 4 entries
        gif.Write(screen);
        gif.Write(Palette);
    }

    private static void WriteImageDescriptor(Stream gif, ushort frameWidth, ushort frameHeight)
    {
        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], frameWidth);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], frameHeight);
        gif.Write(descriptor);
    }

    /// <summary>The LZW-coded pixels of one frame of a single colour, in data sub-blocks, minimum code size first.</summary>
    private static byte[] FrameData(int pixelCount, byte colour)
    {
        var codes = new BitWriter();
        var clear = 1 << MinCodeSize;
        var endOfInformation = clear + 1;
        var table = new Dictionary<int, int>();
        var next = endOfInformation + 1;
        var width = MinCodeSize + 1;

        // As giflib encodes: a code is written at the current width, which grows once the next free code needs it.
        void Emit(int code)
        {
            codes.Write(code, width);
            if (next >= 1 << width && code <= MaxCode && width < 12)
                width++;
        }

        Emit(clear);
        int prefix = colour;
        for (var i = 1; i < pixelCount; i++)
        {
            var key = (prefix << 8) | colour;
            if (table.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }

            Emit(prefix);
            if (next >= MaxCode)
            {
                Emit(clear);
                table.Clear();
                next = endOfInformation + 1;
                width = MinCodeSize + 1;
            }
            else
            {
                table[key] = next++;
            }

            prefix = colour;
        }

        Emit(prefix);
        Emit(endOfInformation);

        var data = codes.ToArray();
        using var blocks = new MemoryStream();
        blocks.WriteByte(MinCodeSize);
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            blocks.WriteByte((byte)length);
            blocks.Write(data, offset, length);
        }

        blocks.WriteByte(0);
        return blocks.ToArray();
    }

    /// <summary>Packs codes least significant bit first, as GIF's LZW stream does.</summary>
    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _buffer;
        private int _bits;

        public void Write(int code, int width)
        {
            _buffer |= code << _bits;
            _bits += width;
            while (_bits >= 8)
            {
                _bytes.Add((byte)_buffer);
                _buffer >>= 8;
                _bits -= 8;
            }
        }

        public byte[] ToArray() => _bits > 0 ? [.. _bytes, (byte)_buffer] : [.. _bytes];
    }
}
