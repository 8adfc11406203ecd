using System.Buffers.Binary;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

/// <summary>
/// Decision 022: an upright sRGB JPEG is stored as its own segments without the metadata, never re-encoded.
/// Decision 024: a rotated one is turned upright by TurboJPEG, losslessly where its MCUs allow.
/// </summary>
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

    // 1800×1200 in 4:2:0 (16×16 MCUs): 1800 is not a whole number of MCUs, so the turns that move that edge to the
    // top or left (2, 3, 6, 7) go through the YUV planes; 4, 5 and 8 are moved losslessly (decision 024).
    [TestCase("orientation/Landscape_2.jpg")]
    [TestCase("orientation/Landscape_3.jpg")]
    [TestCase("orientation/Landscape_4.jpg")]
    [TestCase("orientation/Landscape_5.jpg")]
    [TestCase("orientation/Landscape_6.jpg")]
    [TestCase("orientation/Landscape_7.jpg")]
    [TestCase("orientation/Landscape_8.jpg")]
    public async Task Upload_RotatedJpeg_IsStoredUprightAtTheSourceQualityWithoutMetadata(string fixture)
    {
        var original = Fixture(fixture);
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, Path.GetFileName(fixture));

        var location = LocationOf(data);
        var stored = StoredBytes(Storage, location);
        using var image = ReadStored(Storage, location);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        using var upright = new MagickImage(Fixture("orientation/Landscape_1.jpg"));
        using var source = new MagickImage(original);
        var lossless = await JpegtranAsync(original, orientation: fixture[^5] - '0');
        Assert.Multiple(() =>
        {
            Assert.That((image.Width, image.Height), Is.EqualTo((1800u, 1200u)));
            Assert.That((data.GetProperty("width").GetInt32(), data.GetProperty("height").GetInt32()), Is.EqualTo((1800, 1200)));
            Assert.That(PictureComparison.Difference(image, upright), Is.LessThan(PictureComparison.SamePictureLimit), "turned upright");
            Assert.That(PictureComparison.Difference(thumb, upright), Is.LessThan(PictureComparison.SamePictureLimit), "thumbnail");
            Assert.That(image.Quality, Is.EqualTo(source.Quality), "the source's JPEG quality");
            Assert.That(image.Orientation, Is.EqualTo(Orientation.Undefined));
            AssertNoMetadata(stored, location);
            Assert.That(DcLuminanceCodeCounts(stored), Is.EqualTo(StandardDcLuminanceCodeCounts), "written by TurboJPEG");
            if (lossless is null)
                Assert.That(FromFirstScanToEnd(stored), Is.Not.EqualTo(FromFirstScanToEnd(original)), "re-encoded");
            else
                Assert.That(FromFirstScanToEnd(stored), Is.EqualTo(FromFirstScanToEnd(lossless)), "the DCT blocks jpegtran -perfect moves");
        });
    }

    // DSCN0010 is 640×480 in 4:2:2 (16×8 MCUs): whole MCUs either way, so any turn moves the DCT blocks without
    // decoding them, exactly as the reference tool does.
    [TestCase(6)]
    [TestCase(8)]
    [TestCase(3)]
    public async Task Upload_RotatedJpegOfWholeMcus_IsTurnedWithoutReencoding(int orientation)
    {
        var original = WithOrientation(AtQuality(Fixture("camera/DSCN0010.jpg"), 50), orientation);
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, "turned.jpg");

        var location = LocationOf(data);
        var stored = StoredBytes(Storage, location);
        using var image = ReadStored(Storage, location);
        using var expected = new MagickImage(original);
        expected.AutoOrient();
        var lossless = await JpegtranAsync(original, orientation);
        Assert.Multiple(() =>
        {
            Assert.That((image.Width, image.Height), Is.EqualTo((expected.Width, expected.Height)));
            Assert.That(FromFirstScanToEnd(stored), Is.EqualTo(FromFirstScanToEnd(lossless!)), "the DCT blocks jpegtran -perfect moves");
            Assert.That(image.Compare(expected, ErrorMetric.MeanAbsolute) * 255, Is.LessThan(0.5), "the same pixels, up to IDCT rounding");
            Assert.That(GpsLatitudeOf(original), Is.Not.Null, "the upload has a position");
            Assert.That(GpsLatitudeOf(stored), Is.Null);
            AssertNoMetadata(stored, location);
        });
    }

    // 630×470 is no whole number of MCUs either way: the YUV path, with 4:2:2 chroma turned to 4:4:0, and grey.
    [TestCase(6, "2x1", false)]
    [TestCase(3, "2x1", false)]
    [TestCase(8, "1x1", true)]
    public async Task Upload_RotatedJpegOfPartialMcus_IsReencodedUprightByTurboJpeg(int orientation, string sampling, bool grey)
    {
        var original = WithOrientation(Cropped(Fixture("camera/DSCN0010.jpg"), 630, 470, sampling, grey), orientation);
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, "turned.jpg");

        var stored = StoredBytes(Storage, LocationOf(data));
        using var image = new MagickImage(stored);
        using var expected = new MagickImage(original);
        expected.AutoOrient();
        using var imageMagick = new MagickImage(expected.ToByteArray(MagickFormat.Jpeg));
        var lossless = await JpegtranAsync(original, orientation);
        Assert.Multiple(() =>
        {
            Assert.That(lossless, Is.Null, "jpegtran -perfect refuses it too");
            Assert.That((image.Width, image.Height), Is.EqualTo((expected.Width, expected.Height)));
            Assert.That(
                image.Compare(expected, ErrorMetric.MeanAbsolute),
                Is.LessThanOrEqualTo(imageMagick.Compare(expected, ErrorMetric.MeanAbsolute) * 1.1),
                "the same picture, with no more loss than ImageMagick's own re-encode at that quality");
            Assert.That(image.Quality, Is.EqualTo(expected.Quality));
            Assert.That(image.ColorSpace, Is.EqualTo(grey ? ColorSpace.Gray : ColorSpace.sRGB));
            Assert.That(DcLuminanceCodeCounts(stored), Is.EqualTo(StandardDcLuminanceCodeCounts), "written by TurboJPEG");
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
            Assert.That(DcLuminanceCodeCounts(stored), Is.Not.EqualTo(StandardDcLuminanceCodeCounts), "written by ImageMagick, which optimises its tables");
            Assert.That(image.GetColorProfile(), Is.Null);
            Assert.That(image.GetPixels().GetPixel(10, 10).ToColor()!.R, Is.LessThan(30), "sea green in Adobe RGB has less red than sRGB's 46");
        });
    }

    /// <summary>Debian's <c>jpegtran -copy none -perfect</c> (libjpeg-turbo-progs) turning the file upright; null when it refuses.</summary>
    private static async Task<byte[]?> JpegtranAsync(byte[] jpeg, int orientation)
    {
        string[] operation = orientation switch
        {
            2 => ["-flip", "horizontal"],
            3 => ["-rotate", "180"],
            4 => ["-flip", "vertical"],
            5 => ["-transpose"],
            6 => ["-rotate", "90"],
            7 => ["-transverse"],
            8 => ["-rotate", "270"],
            _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
        };
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, jpeg);
            var start = new System.Diagnostics.ProcessStartInfo("jpegtran") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-copy", "none", "-perfect", .. operation, input])
                start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await copy;
            await errors;
            return process.ExitCode == 0 ? output.ToArray() : null;
        }
        finally
        {
            File.Delete(input);
        }
    }

    // ITU T.81 Annex K.3: how many DC luminance codes of each length 1–16. libjpeg writes these unless it optimises.
    private static readonly byte[] StandardDcLuminanceCodeCounts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The code counts of the first DC table 0 in the file's DHT segments.</summary>
    private static byte[] DcLuminanceCodeCounts(byte[] jpeg)
    {
        foreach (var segment in Segments(jpeg, 0xC4))
        {
            for (var at = 4; at + 17 <= segment.Length;)
            {
                var counts = segment.AsSpan(at + 1, 16).ToArray();
                if (segment[at] == 0x00)
                    return counts;
                at += 17 + counts.Sum(c => c);
            }
        }

        throw new InvalidOperationException("The file has no DC luminance Huffman table.");
    }

    private static byte[] Cropped(byte[] jpeg, uint width, uint height, string sampling, bool grey)
    {
        using var image = new MagickImage(jpeg);
        image.Crop(width, height);
        image.ResetPage();
        if (grey)
            image.Grayscale();
        image.Quality = 60;
        image.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", sampling);
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    private static byte[] AtQuality(byte[] jpeg, uint quality)
    {
        using var image = new MagickImage(jpeg);
        image.Quality = quality;
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    /// <summary>Sets IFD0's Orientation tag in the file's EXIF block, leaving everything else (GPS included) in place.</summary>
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        var bytes = jpeg.ToArray();
        var app1 = bytes.AsSpan().IndexOf("Exif\0\0"u8);
        var tiff = app1 + 6;
        var little = bytes[tiff] == (byte)'I';
        ushort Read16(int at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
        var ifd = tiff + (int)(little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(tiff + 4)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(tiff + 4)));
        for (var entry = ifd + 2; entry < ifd + 2 + 12 * Read16(ifd); entry += 12)
        {
            if (Read16(entry) != 0x0112)
                continue;
            if (little)
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(entry + 8), (ushort)orientation);
            else
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(entry + 8), (ushort)orientation);
            return bytes;
        }

        throw new InvalidOperationException("The fixture has no Orientation tag in IFD0.");
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
