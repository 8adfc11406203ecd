using System.Globalization;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// ImageMagick's memory and disk limits are process-wide and set once at start-up, so they are checked on real
/// processes started with different configuration: an image well inside the width, height and pixel limits still
/// cannot take more pixel cache than <c>Images:MaxMemoryBytes</c> plus <c>Images:MaxDiskBytes</c>.
/// </summary>
public sealed class ImageResourceLimitTests : ProcessTestBase
{
    // 3000×3000 pixels are about 36 MB of pixel cache at 8 bits per channel with alpha: inside every header limit.
    private static readonly byte[] LargePicture = GeneratedImages.TwoHalves(MagickFormat.Png, 3000, 3000);

    [Test]
    public async Task Upload_NeedingMorePixelCacheThanConfigured_Returns422AndLeavesNothing()
    {
        var service = await StartServiceAsync(new Dictionary<string, string>
        {
            ["Images:MaxMemoryBytes"] = (4 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Images:MaxDiskBytes"] = (4 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        });
        using var client = await service.LoggedInClientAsync();

        using var response = await UploadAsync(client, LargePicture, "large.png");
        var body = await IntegrationTestBase.ReadJsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(422), body.ToString());
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("more memory, disk or frames"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
        });
        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, TimeSpan.FromSeconds(10));
        Assert.That(Storage.StagedFiles(), Is.Empty);
    }

    [Test]
    public async Task Upload_SameImageWithTheDefaultLimits_IsStored()
    {
        var service = await StartServiceAsync();
        using var client = await service.LoggedInClientAsync();

        var stored = await UploadOkAsync(client, LargePicture, "large.png");

        Assert.That(stored.GetProperty("width").GetInt32(), Is.EqualTo(3000));
    }
}
