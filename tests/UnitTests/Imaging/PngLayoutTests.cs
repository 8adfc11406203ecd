using System.Buffers.Binary;
using System.Text;
using Attachments.Infrastructure.Imaging;
using ImageMagick;

namespace Attachments.UnitTests.Imaging;

public sealed class PngLayoutTests
{
    [Test]
    public void WriteStripped_PngWithTextTimeAndPhysicalChunks_KeepsOnlyTheRenderingChunks()
    {
        var png = WithChunks(Png(), Chunk("tEXt", "Comment\0GPS 51.5N"), Chunk("tIME", "\x07\xEA\x0C\x02\x05\x00\x00"), Chunk("pHYs", "\0\0\x0B\x13\0\0\x0B\x13\x01"), Chunk("gAMA", "\0\0\xB1\x8F"));

        var layout = PngLayout.Read(png);
        var stripped = Stripped(png);

        Assert.Multiple(() =>
        {
            Assert.That((layout!.Width, layout.Height, layout.BitDepth), Is.EqualTo((64, 48, 8)));
            Assert.That(ChunkTypes(stripped), Is.EqualTo(new[] { "IHDR", "gAMA", "IDAT", "IEND" }));
            Assert.That(Encoding.ASCII.GetString(stripped), Does.Not.Contain("GPS"));
        });
        using var decoded = new MagickImage(stripped);
        using var original = new MagickImage(png);
        Assert.That(decoded.Compare(original, ErrorMetric.Absolute), Is.Zero, "the same pixels");
    }

    [Test]
    public void Read_ExifOrAnimationChunk_IsReported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PngLayout.Read(WithChunks(Png(), Chunk("eXIf", "MM\0*")))!.HasExif, Is.True);
            Assert.That(PngLayout.Read(WithChunks(Png(), Chunk("acTL", "\0\0\0\x02\0\0\0\0")))!.IsAnimated, Is.True);
            Assert.That(PngLayout.Read(Png())!.HasIccChunk, Is.False);
        });
    }

    [Test]
    public void Read_UnknownCriticalChunk_GivesNoLayout()
    {
        Assert.That(PngLayout.Read(WithChunks(Png(), Chunk("ABCD", "x"))), Is.Null);
    }

    [Test]
    public void Read_EveryTruncation_GivesNoLayoutAndNeverThrows()
    {
        var png = Png();

        for (var length = 0; length < png.Length; length++)
            Assert.That(PngLayout.Read(png.AsSpan(0, length)), Is.Null, $"cut at {length}");
    }

    [Test]
    public void Read_BogusChunkLength_GivesNoLayout()
    {
        var png = Png();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 0xFFFFFFF0);

        Assert.That(PngLayout.Read(png), Is.Null);
    }

    [Test]
    public void Read_NotAPng_GivesNoLayout()
    {
        Assert.That(PngLayout.Read(File.ReadAllBytes(Fixtures.Image("camera/Canon_40D.jpg"))), Is.Null);
    }

    private static byte[] Png()
    {
        using var image = new MagickImage(MagickColors.White, 64, 48);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.Red).Rectangle(5, 5, 40, 30));
        image.Format = MagickFormat.Png24;
        image.Strip();
        image.Settings.SetDefine(MagickFormat.Png, "exclude-chunks", "all");
        return image.ToByteArray();
    }

    private static byte[] Stripped(byte[] png)
    {
        using var output = new MemoryStream();
        PngLayout.Read(png)!.WriteStripped(png, output);
        return output.ToArray();
    }

    /// <summary>Inserts <paramref name="chunks"/> right after IHDR.</summary>
    private static byte[] WithChunks(byte[] png, params byte[][] chunks) => [.. png[..33], .. chunks.SelectMany(c => c), .. png[33..]];

    private static byte[] Chunk(string type, string data)
    {
        var body = Encoding.Latin1.GetBytes(type + data);
        var chunk = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)(body.Length - 4));
        body.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + body.Length), Crc32(body));
        return chunk;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }

    private static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var i = 8; i + 8 <= png.Length; i += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i)))
            types.Add(Encoding.ASCII.GetString(png, i + 4, 4));
        return types;
    }
}
