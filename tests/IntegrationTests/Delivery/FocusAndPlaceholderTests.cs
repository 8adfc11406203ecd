using System.Net.Http.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Jobs;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using ImageMagick;

namespace Attachments.IntegrationTests.Delivery;

/// <summary>The focal point every crop keeps, and the placeholder a page shows while the image loads.</summary>
public sealed class FocusAndPlaceholderTests : DeliveryTestBase
{
    [TestCase(0.0, "red")]
    [TestCase(1.0, "blue")]
    public async Task Cover_KeepsTheFocalPointInView(double focusX, string expected)
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Png, 400, 200), "halves.png")).GetProperty("id").GetInt64();

        var edited = await EditAsync(client, new { id, focus_x = focusX, focus_y = 0.5 });
        var url = (await SignedUrlAsync(client, new { id, w = 100, h = 100, fit = "cover", fmt = "png" })).GetProperty("data").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();
        using var response = await GetAsync(anonymous, url);
        using var picture = new MagickImage(await response.Content.ReadAsByteArrayAsync());
        var colour = picture.GetPixels().GetPixel(50, 50).ToColor()!;

        Assert.Multiple(() =>
        {
            Assert.That(edited.GetProperty("focus_x").GetDouble(), Is.EqualTo(focusX));
            Assert.That((picture.Width, picture.Height), Is.EqualTo((100u, 100u)));
            Assert.That(expected == "red" ? colour.R > 200 && colour.B < 50 : colour.B > 200 && colour.R < 50, Is.True, $"{colour} at the centre");
        });
    }

    [Test]
    public async Task MovingTheFocalPoint_RemovesTheCropsMadeAroundTheOldOne()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Png, 400, 200), "halves.png")).GetProperty("id").GetInt64();
        var url = (await SignedUrlAsync(client, new { id, w = 100, h = 100, fit = "cover" })).GetProperty("data").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();
        using (await GetAsync(anonymous, url))
        {
        }

        var old = await QueryScalarAsync<string>("select location from attachment_derivatives");
        await EditAsync(client, new { id, focus_x = 0.1 });

        Assert.Multiple(async () =>
        {
            Assert.That(await DerivativeCountAsync(), Is.Zero);
            Assert.That(Storage.Exists(old), Is.False);
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task CropThumbnail_IsMadeAgainAroundANewFocalPoint()
    {
        var factory = FactoryWith(("Images:ThumbMode", "Crop"), ("Images:ThumbWidth", "100"), ("Images:ThumbHeight", "100"));
        using var client = await LoggedInClientAsync(factory);
        var stored = await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Png, 400, 200), "halves.png");
        var thumb = StorageConsistency.ThumbOf(stored.GetProperty("file_location").GetString()!);
        var centredLeft = ColourAt(factory.Storage.ReadAllBytes(thumb), 0.1);

        await EditAsync(client, new { id = stored.GetProperty("id").GetInt64(), focus_x = 1.0 });
        var movedLeft = ColourAt(factory.Storage.ReadAllBytes(thumb), 0.1);

        Assert.Multiple(() =>
        {
            Assert.That(centredLeft.R > 200 && centredLeft.B < 50, Is.True, $"centred, the crop's left side is in the red half: {centredLeft}");
            Assert.That(movedLeft.B > 200 && movedLeft.R < 50, Is.True, $"around the right edge, the crop is all blue: {movedLeft}");
        });
    }

    [TestCase(1.5, 0.5, "focus_x")]
    [TestCase(0.5, -0.1, "focus_y")]
    public async Task FocalPoint_OutsideTheImage_Is400(double x, double y, string field)
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(300, 200), "field.jpg")).GetProperty("id").GetInt64();

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id, focus_x = x, focus_y = y });

        await AssertErrorAsync(response, 400, field);
    }

    [Test]
    public async Task FocalPoint_OfADocument_Is400()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, TestFiles.Pdf(), "notes.pdf")).GetProperty("id").GetInt64();

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id, focus_x = 0.2 });

        await AssertErrorAsync(response, 400, "for images");
    }

    [Test]
    public async Task Upload_GivesABlurHashAndTheDominantColour_InTheObjectAndTheRow()
    {
        var client = await LoggedInClientAsync();
        using var red = new MagickImage(new MagickColor("#d02020"), 300, 200);
        var stored = await UploadOkAsync(client, red.ToByteArray(MagickFormat.Png), "red.png");
        var row = await QueryScalarAsync<string>("select blurhash || ' ' || dominant_color from attachments");

        var blurhash = stored.GetProperty("blurhash").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(blurhash, Has.Length.EqualTo(28), "4×3 components: 1 + 1 + 4 + 11 × 2 characters");
            Assert.That(blurhash[0], Is.EqualTo('L'), "the size flag of 4×3 components: (4 - 1) + (3 - 1) × 9 = 21, 'L' in base 83");
            Assert.That(stored.GetProperty("dominant_color").GetString(), Is.EqualTo("#d02020"));
            Assert.That(row, Is.EqualTo(blurhash + " #d02020"));
        });
    }

    [Test]
    public async Task Upload_OfAPhoto_GivesAWellFormedBlurHash()
    {
        var client = await LoggedInClientAsync();
        var photo = await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg"));
        var stored = await UploadOkAsync(client, photo, "canon.jpg");

        Assert.That(stored.GetProperty("blurhash").GetString(), Does.Match("^[0-9A-Za-z#$%*+,\\-.:;=?@\\[\\]^_{|}~]{28}$"));
    }

    [Test]
    public async Task Rebuild_BackfillsPlaceholders_AndRemovesDerivatives()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "old.jpg");
        using var anonymous = Factory.CreateClient();
        using (await GetAsync(anonymous, stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!))
        {
        }

        var derivative = await QueryScalarAsync<string>("select location from attachment_derivatives");
        await ExecuteAsync("update attachments set blurhash = null, dominant_color = null");

        await JobRequests.RunAsync(client, JobRequests.ThumbRebuild);
        var detail = await DetailAsync(client, stored.GetProperty("id").GetInt64());

        Assert.Multiple(async () =>
        {
            Assert.That(detail.GetProperty("blurhash").GetString(), Is.EqualTo(stored.GetProperty("blurhash").GetString()));
            Assert.That(detail.GetProperty("dominant_color").GetString(), Is.EqualTo(stored.GetProperty("dominant_color").GetString()));
            Assert.That(await DerivativeCountAsync(), Is.Zero, "made again with the current settings on their next request");
            Assert.That(Storage.Exists(derivative), Is.False);
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task MakeSizesAtUpload_StoresEverySizeInEveryFormatSoonAfter()
    {
        var factory = FactoryWith(("Images:MakeSizesAtUpload", "true"));
        using var client = await LoggedInClientAsync(factory);
        await UploadOkAsync(client, Photo(1200, 800), "early.jpg");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await DerivativeCountAsync() < 6 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.That(await QueryScalarAsync<long>("select count(distinct mime_type) * 10 + count(distinct width) from attachment_derivatives"),
            Is.EqualTo(32), "small and medium, each as JPEG, WebP and AVIF");
        await StorageConsistency.AssertHoldsWithinAsync(TestEnvironment.ConnectionString, factory.Storage, TimeSpan.FromSeconds(10));
    }

    private static MagickColor ColourAt(byte[] picture, double x)
    {
        using var image = new MagickImage(picture);
        return (MagickColor)image.GetPixels().GetPixel((int)(image.Width * x), (int)image.Height / 2).ToColor()!;
    }
}
