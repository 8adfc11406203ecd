using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class ThumbnailTests : ImageTestBase
{
    [Test]
    public async Task Upload_LandscapePhoto_ThumbnailFitsInside250SquareKeepingAspect()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "DSCN0010.jpg");

        using var thumb = ReadStored(Storage, ThumbOf(LocationOf(data)));
        Assert.That((thumb.Width, thumb.Height), Is.EqualTo((250u, 188u)), "640×480 scaled by 250/640");
    }

    [Test]
    public async Task Upload_ImageSmallerThanThumbnail_ThumbnailIsNotEnlarged()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, Fixture("camera/Canon_40D.jpg"), "Canon_40D.jpg");

        using var thumb = ReadStored(Storage, ThumbOf(LocationOf(data)));
        Assert.That((thumb.Width, thumb.Height), Is.EqualTo((100u, 68u)));
    }

    [TestCase("Crop")]
    [TestCase("Pad")]
    public async Task Upload_WithCropOrPadMode_ThumbnailIsExactly250Square(string mode)
    {
        var factory = FactoryWith(("Images:ThumbMode", mode));
        using var client = await LoggedInClientAsync(factory);

        var data = await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "DSCN0010.jpg");

        using var thumb = ReadStored(factory.Storage, ThumbOf(LocationOf(data)));
        Assert.That((thumb.Width, thumb.Height), Is.EqualTo((250u, 250u)));
    }

    [Test]
    public async Task Upload_WithPadMode_ThumbnailIsTheWholePictureOnWhiteBands()
    {
        var factory = FactoryWith(("Images:ThumbMode", "Pad"));
        using var client = await LoggedInClientAsync(factory);

        var data = await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "DSCN0010.jpg");

        using var thumb = ReadStored(factory.Storage, ThumbOf(LocationOf(data)));
        using var pixels = thumb.GetPixels();
        var topBand = pixels.GetPixel(125, 5).ToColor()!;
        Assert.That(new[] { topBand.R, topBand.G, topBand.B }, Is.All.GreaterThanOrEqualTo(250), "white band above the picture");
    }

    [Test]
    public async Task Upload_WithThumbSize100x50_ThumbnailFitsInsideKeepingAspect()
    {
        var factory = FactoryWith(("Images:ThumbWidth", "100"), ("Images:ThumbHeight", "50"));
        using var client = await LoggedInClientAsync(factory);

        var data = await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "DSCN0010.jpg");

        using var thumb = ReadStored(factory.Storage, ThumbOf(LocationOf(data)));
        Assert.That((thumb.Width, thumb.Height), Is.EqualTo((67u, 50u)), "640×480 scaled by 50/480");
    }

    [TestCase("jpg")]
    [TestCase("png")]
    [TestCase("gif")]
    [TestCase("webp")]
    [TestCase("bmp")]
    [TestCase("tiff")]
    [TestCase("heic")]
    public async Task Upload_Image_ThumbnailHasTheStoredFormat(string kind)
    {
        var (bytes, fileName) = Sample(kind);
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, bytes, fileName);

        var location = LocationOf(data);
        using var stored = ReadStored(Storage, location);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        Assert.That(thumb.Format, Is.EqualTo(stored.Format), $"{kind} stored as {Path.GetExtension(location)}");
    }

    private static (byte[] Bytes, string FileName) Sample(string kind) => kind switch
    {
        "jpg" => (Fixture("camera/DSCN0010.jpg"), "photo.jpg"),
        "png" => (GeneratedImages.PngWithTransparentBorder(300, 200), "logo.png"),
        "gif" => (GeneratedImages.AnimatedGif(frameCount: 3, 300, 200), "spinner.gif"),
        "webp" => (GeneratedImages.TwoHalves(MagickFormat.WebP, 300, 200), "banner.webp"),
        "bmp" => (GeneratedImages.TwoHalves(MagickFormat.Bmp, 300, 200), "picture.bmp"),
        "tiff" => (Fixture("tiff/Jobagent.tiff"), "Jobagent.tiff"),
        "heic" => (Fixture("heic/IMG_5195.HEIC"), "IMG_5195.HEIC"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
