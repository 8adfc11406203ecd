using System.Text.Json;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class FormatConversionTests : ImageTestBase
{
    [Test]
    public async Task Upload_Heic_IsStoredAsUprightJpeg()
    {
        var heic = Fixture("heic/IMG_5195.HEIC");
        using var expected = new MagickImage(heic);
        expected.AutoOrient();
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, heic, "IMG_5195.HEIC");

        using var stored = ReadStored(Storage, LocationOf(data));
        var difference = PictureComparison.Difference(stored, expected);
        await TestContext.Out.WriteLineAsync($"HEIC stored {stored.Width}x{stored.Height} differs {difference:F2} from the decoded original");
        await AssertStoredAsAsync(data, "jpg", "image/jpeg", MagickFormat.Jpeg, 2566, 3313);
        Assert.That(difference, Is.LessThan(PictureComparison.SamePictureLimit), "the same picture, the same way up");
    }

    [TestCase("tiff/Arbitro.tiff", 174, 38)]
    [TestCase("tiff/Jobagent.tiff", 264, 84)]
    public async Task Upload_Tiff_IsStoredAsPng(string fixture, int width, int height)
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, Fixture(fixture), Path.GetFileName(fixture));

        await AssertStoredAsAsync(data, "png", "image/png", MagickFormat.Png, width, height);
    }

    [TestCase(MagickFormat.Bmp, "picture.bmp")]
    [TestCase(MagickFormat.Ico, "favicon.ico")]
    public async Task Upload_BmpOrIco_IsStoredAsPngWithTheSamePixels(MagickFormat format, string fileName)
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, GeneratedImages.TwoHalves(format, 48, 32), fileName);

        await AssertStoredAsAsync(data, "png", "image/png", MagickFormat.Png, 48, 32);
        using var stored = ReadStored(Storage, LocationOf(data));
        Assert.Multiple(() =>
        {
            Assert.That(ColorAt(stored, 4, 16), Is.EqualTo(GeneratedImages.Left.ToString()), "left half");
            Assert.That(ColorAt(stored, 44, 16), Is.EqualTo(GeneratedImages.Right.ToString()), "right half");
        });
    }

    [Test]
    public async Task Upload_Avif_IsStoredAsJpegWithTheSamePicture()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Avif, 64, 48), "photo.avif");

        await AssertStoredAsAsync(data, "jpg", "image/jpeg", MagickFormat.Jpeg, 64, 48);
        using var stored = ReadStored(Storage, LocationOf(data));
        using var expected = new MagickImage(GeneratedImages.TwoHalves(MagickFormat.Png, 64, 48));
        Assert.That(PictureComparison.Difference(stored, expected), Is.LessThan(PictureComparison.SamePictureLimit));
    }

    [Test]
    public async Task Upload_PngWithAlpha_StaysPngAndKeepsTransparency()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, GeneratedImages.PngWithTransparentBorder(60, 40), "logo.png");

        await AssertStoredAsAsync(data, "png", "image/png", MagickFormat.Png, 60, 40);
        using var stored = ReadStored(Storage, LocationOf(data));
        using var thumb = ReadStored(Storage, ThumbOf(LocationOf(data)));
        Assert.Multiple(() =>
        {
            Assert.That(stored.HasAlpha, Is.True);
            Assert.That(AlphaAt(stored, 1, 1), Is.Zero, "transparent corner");
            Assert.That(AlphaAt(stored, 30, 20), Is.EqualTo(255), "opaque middle");
            Assert.That(thumb.HasAlpha, Is.True, "thumbnail keeps transparency");
            Assert.That(AlphaAt(thumb, 1, 1), Is.Zero, "thumbnail's transparent corner");
        });
    }

    [Test]
    public async Task Upload_WebP_StaysWebP()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.WebP, 64, 48), "banner.webp");

        await AssertStoredAsAsync(data, "webp", "image/webp", MagickFormat.WebP, 64, 48);
    }

    [Test]
    public async Task Upload_AnimatedGif_StaysGifWithEveryFrame()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, GeneratedImages.AnimatedGif(frameCount: 5), "spinner.gif");

        await AssertStoredAsAsync(data, "gif", "image/gif", MagickFormat.Gif, 40, 30);
        using var frames = ReadStoredFrames(Storage, LocationOf(data));
        using var thumb = ReadStored(Storage, ThumbOf(LocationOf(data)));
        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Count.EqualTo(5));
            Assert.That(thumb.Format, Is.EqualTo(MagickFormat.Gif), "thumbnail");
        });
    }

    private static async Task AssertStoredAsAsync(
        JsonElement data, string extension, string mimeType, MagickFormat format, int width, int height)
    {
        var location = LocationOf(data);
        using var stored = ReadStored(Storage, location);
        var rowMimeType = await QueryScalarAsync<string>(
            "select mime_type from attachments where id = @id", ("id", data.GetProperty("id").GetInt64()));
        Assert.Multiple(() =>
        {
            Assert.That(location, Does.EndWith($".{extension}"));
            Assert.That(data.GetProperty("mime_type").GetString(), Is.EqualTo(mimeType));
            Assert.That(rowMimeType, Is.EqualTo(mimeType), "mime_type column");
            Assert.That(stored.Format, Is.EqualTo(format), "format of the stored bytes");
            Assert.That(data.GetProperty("width").GetInt32(), Is.EqualTo(width));
            Assert.That(data.GetProperty("height").GetInt32(), Is.EqualTo(height));
            Assert.That((int)stored.Width, Is.EqualTo(width), "stored width");
            Assert.That((int)stored.Height, Is.EqualTo(height), "stored height");
            Assert.That(data.GetProperty("file_size").GetInt64(), Is.EqualTo(Storage.Length(location)));
            Assert.That(Storage.Exists(ThumbOf(location)), Is.True, "thumbnail stored");
        });
    }

    private static string ColorAt(MagickImage image, int x, int y)
    {
        using var pixels = image.GetPixels();
        var color = pixels.GetPixel(x, y).ToColor()!;
        return MagickColor.FromRgb(color.R, color.G, color.B).ToString();
    }

    private static byte AlphaAt(MagickImage image, int x, int y)
    {
        using var pixels = image.GetPixels();
        return pixels.GetPixel(x, y).ToColor()!.A;
    }
}
