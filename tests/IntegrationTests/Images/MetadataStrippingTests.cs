using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class MetadataStrippingTests : ImageTestBase
{
    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/DSCN0021.jpg")]
    [TestCase("camera/Canon_40D.jpg")]
    [TestCase("camera/Nikon_D70.jpg")]
    [TestCase("camera/Pentax_K10D.jpg")]
    [TestCase("heic/IMG_5195.HEIC")]
    public async Task Upload_CameraPhoto_StoresFileAndThumbnailWithoutMetadata(string fixture)
    {
        var original = Fixture(fixture);
        using (var source = new MagickImage(original))
            Assert.That(source.GetExifProfile(), Is.Not.Null, "the fixture itself carries EXIF");
        Assert.That(Contains(original, "Exif"), Is.True, "the fixture's bytes hold an Exif marker");
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, Path.GetFileName(fixture));

        var location = LocationOf(data);
        Assert.Multiple(() =>
        {
            AssertNoMetadata(location);
            AssertNoMetadata(ThumbOf(location));
        });
    }

    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/DSCN0021.jpg")]
    [TestCase("heic/IMG_5195.HEIC")]
    public async Task Upload_GpsTaggedPhoto_StoresNoGpsPosition(string fixture)
    {
        var original = Fixture(fixture);
        using (var source = new MagickImage(original))
            Assert.That(source.GetExifProfile()?.GetValue(ExifTag.GPSLatitude), Is.Not.Null, "the fixture itself carries a GPS position");
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, original, Path.GetFileName(fixture));

        var location = LocationOf(data);
        Assert.Multiple(() =>
        {
            Assert.That(Contains(StoredBytes(Storage, location), "GPS"), Is.False, "stored file");
            Assert.That(Contains(StoredBytes(Storage, ThumbOf(location)), "GPS"), Is.False, "thumbnail");
        });
    }

    private static void AssertNoMetadata(string location) => AssertNoMetadata(StoredBytes(Storage, location), location);
}
