using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class OrientationTests : ImageTestBase
{
    [Test]
    public async Task Upload_PhotoWithExifOrientation_IsStoredUpright([Range(0, 8)] int orientation)
    {
        var client = await LoggedInClientAsync();
        using var upright = await UploadAndReadAsync(client, "orientation/Landscape_1.jpg");

        var data = await UploadOkAsync(client, Fixture($"orientation/Landscape_{orientation}.jpg"), $"Landscape_{orientation}.jpg");

        var location = LocationOf(data);
        using var stored = ReadStored(Storage, location);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        var difference = PictureComparison.Difference(stored, upright);
        var thumbDifference = PictureComparison.Difference(thumb, upright);
        await TestContext.Out.WriteLineAsync(
            $"Landscape_{orientation}: stored {stored.Width}x{stored.Height} differs {difference:F2}, thumb {thumb.Width}x{thumb.Height} differs {thumbDifference:F2} (limit {PictureComparison.SamePictureLimit})");
        Assert.Multiple(() =>
        {
            Assert.That(stored.Width, Is.GreaterThan(stored.Height), "landscape");
            Assert.That(data.GetProperty("width").GetInt32(), Is.EqualTo((int)stored.Width));
            Assert.That(data.GetProperty("height").GetInt32(), Is.EqualTo((int)stored.Height));
            Assert.That(stored.GetExifProfile(), Is.Null, "no EXIF, so no orientation tag left to apply twice");
            Assert.That(stored.Orientation, Is.AnyOf(Orientation.Undefined, Orientation.TopLeft));
            Assert.That(difference, Is.LessThan(PictureComparison.SamePictureLimit), "looks like the upright picture");
            Assert.That(thumb.Width, Is.GreaterThan(thumb.Height), "thumbnail landscape");
            Assert.That(thumb.Width, Is.LessThanOrEqualTo(250));
            Assert.That(thumb.Height, Is.LessThanOrEqualTo(250));
            Assert.That(thumbDifference, Is.LessThan(PictureComparison.SamePictureLimit), "thumbnail looks like the upright picture");
        });
    }

    [Test]
    public async Task PictureComparison_UprightResultTurnedOrMirrored_IsNotTheSamePicture(
        [Values("rotate 90", "rotate 180", "rotate 270", "flip", "flop", "transpose", "transverse")] string transform)
    {
        var client = await LoggedInClientAsync();
        using var upright = await UploadAndReadAsync(client, "orientation/Landscape_1.jpg");
        using var wrong = upright.Clone();

        Apply(wrong, transform);

        var difference = PictureComparison.Difference(wrong, upright);
        await TestContext.Out.WriteLineAsync($"Landscape_1 {transform}: differs {difference:F2} (limit {PictureComparison.SamePictureLimit})");
        Assert.That(difference, Is.GreaterThanOrEqualTo(PictureComparison.SamePictureLimit));
    }

    private static async Task<MagickImage> UploadAndReadAsync(HttpClient client, string fixture)
    {
        var data = await UploadOkAsync(client, Fixture(fixture), Path.GetFileName(fixture));
        return ReadStored(Storage, LocationOf(data));
    }

    private static void Apply(IMagickImage<byte> image, string transform)
    {
        switch (transform)
        {
            case "rotate 90": image.Rotate(90); break;
            case "rotate 180": image.Rotate(180); break;
            case "rotate 270": image.Rotate(270); break;
            case "flip": image.Flip(); break;
            case "flop": image.Flop(); break;
            case "transpose": image.Transpose(); break;
            case "transverse": image.Transverse(); break;
            default: throw new ArgumentOutOfRangeException(nameof(transform), transform, null);
        }
    }
}
