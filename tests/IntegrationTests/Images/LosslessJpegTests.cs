using System.Buffers.Binary;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

/// <summary>Decision 022: an upright sRGB JPEG is stored as its own segments without the metadata, never re-encoded.</summary>
public sealed class LosslessJpegTests : ImageTestBase
{
    [TestCase("orientation/Landscape_0.jpg")]
    [TestCase("orientation/Landscape_1.jpg")]
    [TestCase("camera/Canon_40D.jpg")]
    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/no_exif.jpg")]
    public async Task Upload_UprightSrgbJpeg_KeepsQuantisationTablesAndScanDataAndDropsMetadata(string fixture)
    {
        var original = Fixture(fixture);
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, Path.GetFileName(fixture));

        var location = LocationOf(data);
        var stored = StoredBytes(Storage, location);
        using var source = new MagickImage(original);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        Assert.Multiple(() =>
        {
            Assert.That(FromFirstScanToEnd(stored), Is.EqualTo(FromFirstScanToEnd(original)), "entropy-coded data, SOS to EOI");
            Assert.That(Segments(stored, 0xDB), Is.EqualTo(Segments(original, 0xDB)), "quantisation tables");
            Assert.That(stored, Has.Length.LessThan(original.Length));
            Assert.That(data.GetProperty("file_size").GetInt64(), Is.EqualTo(stored.Length));
            Assert.That(data.GetProperty("width").GetInt32(), Is.EqualTo((int)source.Width));
            Assert.That(data.GetProperty("height").GetInt32(), Is.EqualTo((int)source.Height));
            AssertNoMetadata(stored, location);
            AssertNoMetadata(StoredBytes(Storage, ThumbOf(location)), "thumbnail");
            using (var image = ReadStored(Storage, location))
                Assert.That(image.GetColorProfile(), Is.Null, "the sRGB profile goes: sRGB is what browsers assume");
            Assert.That(Math.Max(thumb.Width, thumb.Height), Is.EqualTo(Math.Min(250u, Math.Max(source.Width, source.Height))));
            Assert.That(PictureComparison.Difference(thumb, source), Is.LessThan(PictureComparison.SamePictureLimit), "thumbnail");
        });
    }

    [Test]
    public async Task Upload_RotatedJpeg_IsReencodedUpright()
    {
        var original = Fixture("orientation/Landscape_6.jpg");
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, "Landscape_6.jpg");

        var stored = StoredBytes(Storage, LocationOf(data));
        using var image = new MagickImage(stored);
        Assert.Multiple(() =>
        {
            Assert.That(FromFirstScanToEnd(stored), Is.Not.EqualTo(FromFirstScanToEnd(original)));
            Assert.That(image.Width, Is.GreaterThan(image.Height), "turned upright");
            Assert.That(image.GetExifProfile(), Is.Null);
        });
    }

    [Test]
    public async Task Upload_JpegInAdobeRgb_IsReencodedInSrgb()
    {
        var original = AdobeRgbJpeg();
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, "adobe-rgb.jpg");

        var stored = StoredBytes(Storage, LocationOf(data));
        using var image = new MagickImage(stored);
        Assert.Multiple(() =>
        {
            Assert.That(FromFirstScanToEnd(stored), Is.Not.EqualTo(FromFirstScanToEnd(original)), "pixels converted");
            Assert.That(image.GetColorProfile(), Is.Null);
            Assert.That(image.GetPixels().GetPixel(10, 10).ToColor()!.R, Is.LessThan(30), "sea green in Adobe RGB has less red than sRGB's 46");
        });
    }

    private static byte[] AdobeRgbJpeg()
    {
        using var image = new MagickImage(MagickColors.SeaGreen, 640, 400);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.OrangeRed).Circle(300, 200, 420, 260));
        image.SetProfile(ColorProfiles.AdobeRGB1998);
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    private static byte[] FromFirstScanToEnd(byte[] jpeg)
    {
        var sos = FirstScan(jpeg);
        var eoi = jpeg.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 });
        return jpeg.AsSpan(sos, eoi + 2 - sos).ToArray();
    }

    private static int FirstScan(byte[] jpeg)
    {
        var i = 2;
        while (jpeg[i + 1] != 0xDA)
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        return i;
    }

    /// <summary>The segments with <paramref name="marker"/> before the first scan, marker and length included.</summary>
    private static List<byte[]> Segments(byte[] jpeg, byte marker)
    {
        var segments = new List<byte[]>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (jpeg[i + 1] == marker)
                segments.Add(jpeg.AsSpan(i, 2 + length).ToArray());
            if (jpeg[i + 1] == 0xDA)
                break;
            i += 2 + length;
        }

        return segments;
    }
}
