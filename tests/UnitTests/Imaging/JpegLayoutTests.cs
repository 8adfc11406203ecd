using System.Buffers.Binary;
using System.Text;
using Attachments.Infrastructure.Imaging;
using ImageMagick;

namespace Attachments.UnitTests.Imaging;

public sealed class JpegLayoutTests
{
    [TestCase("camera/Canon_40D.jpg", 100, 68)]
    [TestCase("camera/Nikon_D70.jpg", 100, 66)]
    [TestCase("camera/DSCN0010.jpg", 640, 480)]
    [TestCase("camera/no_exif.jpg", 322, 466)]
    [TestCase("orientation/Landscape_6.jpg", 1200, 1800)]
    public void Read_CameraFixture_GivesTheFrameSizeFromSof(string fixture, int width, int height)
    {
        var layout = JpegLayout.Read(Fixture(fixture));

        Assert.That(layout, Is.Not.Null);
        Assert.That((layout!.Width, layout.Height, layout.Precision, layout.Components), Is.EqualTo((width, height, 8, 3)));
    }

    [TestCase("orientation/Landscape_0.jpg", 1)]
    [TestCase("orientation/Landscape_1.jpg", 1)]
    [TestCase("orientation/Landscape_2.jpg", 2)]
    [TestCase("orientation/Landscape_3.jpg", 3)]
    [TestCase("orientation/Landscape_5.jpg", 5)]
    [TestCase("orientation/Landscape_6.jpg", 6)]
    [TestCase("orientation/Landscape_8.jpg", 8)]
    public void Read_OrientationFixture_GivesItsOrientationAndIsUprightOnlyForNoneOrOne(string fixture, int orientation)
    {
        var layout = JpegLayout.Read(Fixture(fixture))!;

        Assert.That((layout.Orientation, layout.IsUpright), Is.EqualTo((orientation, orientation == 1)));
    }

    [Test]
    public void Read_CameraPhotoWithSrgbProfile_JoinsTheIccProfile()
    {
        var icc = JpegLayout.Read(Fixture("camera/Canon_40D.jpg"))!.Icc;

        Assert.That(icc, Is.Not.Null);
        Assert.That(new ColorProfile(icc!).Description, Does.Contain("sRGB"));
    }

    [TestCase("camera/Canon_40D.jpg")]
    [TestCase("camera/Nikon_D70.jpg")]
    [TestCase("camera/Pentax_K10D.jpg")]
    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/DSCN0021.jpg")]
    [TestCase("camera/no_exif.jpg")]
    [TestCase("orientation/Landscape_1.jpg")]
    public void WriteStripped_CameraFixture_KeepsTablesAndScanAndDropsEveryMetadataSegment(string fixture)
    {
        var source = Fixture(fixture);

        var stripped = Stripped(source);

        Assert.Multiple(() =>
        {
            Assert.That(Markers(stripped).Where(m => m is (>= 0xE1 and <= 0xED) or 0xEF or 0xFE), Is.Empty, "APP1..APP13, APP15 or COM left");
            Assert.That(Segments(stripped, 0xDB), Is.EqualTo(Segments(source, 0xDB)), "quantisation tables");
            Assert.That(Segments(stripped, 0xC4), Is.EqualTo(Segments(source, 0xC4)), "Huffman tables");
            Assert.That(FromFirstScan(stripped), Is.EqualTo(FromFirstScan(source)), "SOS to EOI");
            foreach (var marker in new[] { "Exif", "GPS", "http://ns.adobe.com", "ICC_PROFILE", "Photoshop" })
                Assert.That(Contains(stripped, marker), Is.False, marker);
        });
        using var image = new MagickImage(stripped);
        Assert.That((image.GetExifProfile(), image.GetXmpProfile(), image.GetIptcProfile(), image.GetColorProfile()), Is.EqualTo(((IExifProfile?)null, (IXmpProfile?)null, (IIptcProfile?)null, (IColorProfile?)null)));
    }

    [Test]
    public void WriteStripped_JfifFixture_KeepsTheJfifSegment()
    {
        var stripped = Stripped(Fixture("orientation/Landscape_1.jpg"));

        Assert.That(Markers(stripped).First(), Is.EqualTo(0xE0));
    }

    [Test]
    public void WriteStripped_ProgressiveJpegWithCommentsBetweenScans_DropsThemAndKeepsEveryScan()
    {
        var progressive = Progressive();
        var withComments = InsertBeforeSecondScan(progressive, Segment(0xFE, "GPS 51.5N"u8), Segment(0xE1, "Exif\0\0MM"u8));

        var layout = JpegLayout.Read(withComments);
        var stripped = Stripped(withComments);

        Assert.Multiple(() =>
        {
            Assert.That(layout!.IsProgressive, Is.True);
            Assert.That(stripped, Is.EqualTo(Stripped(progressive)));
            Assert.That(Contains(stripped, "GPS"), Is.False);
        });
        using var decoded = new MagickImage(stripped);
        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((64u, 48u)));
    }

    [Test]
    public void WriteStripped_BytesAfterEndOfImage_AreDropped()
    {
        var source = Fixture("camera/Canon_40D.jpg");
        var appended = source.Concat(Encoding.ASCII.GetBytes("GPS trailer")).ToArray();

        Assert.That(Stripped(appended), Is.EqualTo(Stripped(source)));
    }

    [Test]
    public void Read_EveryTruncation_GivesNoLayoutAndNeverThrows()
    {
        var source = Fixture("camera/Canon_40D.jpg");

        for (var length = 0; length < source.Length - 2; length++)
            Assert.That(JpegLayout.Read(source.AsSpan(0, length)), Is.Null, $"cut at {length}");
    }

    [Test]
    public void Read_RandomlyDamagedBytes_NeverThrows()
    {
        var source = Fixture("camera/Canon_40D.jpg");
        var random = new Random(12);

        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])source.Clone();
            for (var j = 0; j < 1 + i % 4; j++)
                damaged[random.Next(2, 400)] = (byte)random.Next(256);

            var layout = JpegLayout.Read(damaged);
            if (layout is not null)
                Stripped(damaged);
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(0xFFFF)]
    public void Read_SegmentLengthThatIsImpossible_GivesNoLayout(int length)
    {
        var source = Fixture("camera/Canon_40D.jpg");
        var bogus = (byte[])source.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(bogus.AsSpan(4), (ushort)length);

        Assert.That(JpegLayout.Read(bogus), Is.Null);
    }

    [Test]
    public void Read_NoStartOfScan_GivesNoLayout()
    {
        var source = Fixture("camera/Canon_40D.jpg");
        var sos = FirstMarkerOffset(source, 0xDA);
        var headerOnly = source.AsSpan(0, sos).ToArray().Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        Assert.That(JpegLayout.Read(headerOnly), Is.Null);
    }

    [TestCase(0xC3)]
    [TestCase(0xC9)]
    [TestCase(0xCA)]
    public void Read_LosslessOrArithmeticFrame_GivesNoLayout(int sof)
    {
        var source = Fixture("camera/Canon_40D.jpg");
        var other = (byte[])source.Clone();
        other[FirstMarkerOffset(source, 0xC0) + 1] = (byte)sof;

        Assert.That(JpegLayout.Read(other), Is.Null);
    }

    [Test]
    public void Read_NotAJpeg_GivesNoLayout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JpegLayout.Read([]), Is.Null);
            Assert.That(JpegLayout.Read("\x89PNG\r\n\x1a\n"u8), Is.Null);
            Assert.That(JpegLayout.Read([0xFF, 0xD8, 0xFF, 0xD9]), Is.Null);
        });
    }

    [Test]
    public void Read_ExifWhoseDirectoryPointsOutside_IsNotUpright()
    {
        var jpeg = InsertAfterSoi(Fixture("orientation/Landscape_1.jpg"), Segment(0xE1, "Exif\0\0II*\0\xFF\xFF\xFF\x7F"u8));

        Assert.That(JpegLayout.Read(jpeg)!.IsUpright, Is.False);
    }

    private static byte[] Fixture(string path) => File.ReadAllBytes(Fixtures.Image(path));

    private static byte[] Stripped(byte[] jpeg)
    {
        using var output = new MemoryStream();
        JpegLayout.Read(jpeg)!.WriteStripped(jpeg, output);
        return output.ToArray();
    }

    private static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    private static byte[] Progressive()
    {
        using var image = new MagickImage(MagickColors.White, 64, 48);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.Red).Rectangle(5, 5, 40, 30));
        image.Settings.Interlace = Interlace.Jpeg;
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    /// <summary>The marker codes of the segments before the first scan, in order.</summary>
    private static List<byte> Markers(byte[] jpeg)
    {
        var markers = new List<byte>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF;)
        {
            markers.Add(jpeg[i + 1]);
            if (jpeg[i + 1] == 0xDA)
                break;
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return markers;
    }

    private static List<byte[]> Segments(byte[] jpeg, byte marker)
    {
        var segments = new List<byte[]>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (jpeg[i + 1] == marker)
                segments.Add(jpeg.AsSpan(i, 2 + length).ToArray());
            i += 2 + length;
        }

        return segments;
    }

    private static int FirstMarkerOffset(byte[] jpeg, byte marker)
    {
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF;)
        {
            if (jpeg[i + 1] == marker)
                return i;
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        throw new InvalidOperationException($"No marker {marker:X2}.");
    }

    private static byte[] FromFirstScan(byte[] jpeg)
    {
        var sos = FirstMarkerOffset(jpeg, 0xDA);
        var eoi = jpeg.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 });
        return jpeg.AsSpan(sos, eoi + 2 - sos).ToArray();
    }

    private static byte[] Segment(byte marker, ReadOnlySpan<byte> payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment.AsSpan(4));
        return segment;
    }

    private static byte[] InsertAfterSoi(byte[] jpeg, byte[] segment) => [.. jpeg[..2], .. segment, .. jpeg[2..]];

    private static byte[] InsertBeforeSecondScan(byte[] jpeg, params byte[][] segments)
    {
        var first = FirstMarkerOffset(jpeg, 0xDA);
        var second = jpeg.AsSpan(first + 2).IndexOf(new byte[] { 0xFF, 0xDA }) + first + 2;
        Assert.That(second, Is.GreaterThan(first), "a progressive JPEG has a second scan");
        return [.. jpeg[..second], .. segments.SelectMany(s => s), .. jpeg[second..]];
    }
}
