using System.Diagnostics;
using System.Text.Json;
using Attachments.Api.Envelope;
using Attachments.IntegrationTests.Hostile;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class BadImageTests : ImageTestBase
{
    /// <summary>A sanity bound, not a benchmark: decoding 64000×64000 pixels would take far longer, or fail for memory.</summary>
    private static readonly TimeSpan HeaderOnlyRefusal = TimeSpan.FromSeconds(5);

    /// <summary>Also generous: what the test host itself may grow by while serving one small request.</summary>
    private const long FlatMemory = 64L * 1024 * 1024;

    [Test]
    public async Task Upload_JpegCutOffAfter2KB_Returns422AndLeavesNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, Fixture("camera/DSCN0010.jpg")[..2048], "cut.jpg");

        await AssertRefusedAsync(response, 422, Storage);
    }

    [Test]
    public async Task Upload_JpegCutOffHalfway_Returns422AndLeavesNothing()
    {
        var photo = Fixture("camera/DSCN0010.jpg");
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, photo[..(photo.Length / 2)], "half.jpg");

        await AssertRefusedAsync(response, 422, Storage);
    }

    // EXIF-rotated: 8 can be turned losslessly, 6 goes through YUV planes (decision 024); both read every scan first.
    [TestCase("orientation/Landscape_8.jpg")]
    [TestCase("orientation/Landscape_6.jpg")]
    public async Task Upload_RotatedJpegCutOffHalfway_Returns422AndLeavesNothing(string fixture)
    {
        var photo = Fixture(fixture);
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, photo[..(photo.Length / 2)], "half.jpg");

        await AssertRefusedAsync(response, 422, Storage);
    }

    [Test]
    public async Task Upload_JpegHeaderFollowedByGarbage_Returns422AndLeavesNothing()
    {
        byte[] jpegStart = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)((i * 37) + 11)).ToArray();
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, [.. jpegStart, .. garbage], "garbage.jpg");

        await AssertRefusedAsync(response, 422, Storage);
    }

    [Test]
    public async Task Upload_PngDeclaring64000x64000_Returns422QuicklyAndLeavesNothing()
    {
        var png = GeneratedImages.PngDeclaring(64_000, 64_000);
        var declared = new MagickImageInfo(png);
        Assert.That((declared.Width, declared.Height), Is.EqualTo((64_000u, 64_000u)), "the crafted header is readable");
        var client = await LoggedInClientAsync();

        var residentBefore = ProcessMemory.ResidentBytes;
        var peakReset = ProcessMemory.TryResetPeak();

        var clock = Stopwatch.StartNew();
        using var response = await UploadAsync(client, png, "bomb.png");
        clock.Stop();

        var growth = ProcessMemory.PeakResidentBytes - residentBefore;
        await TestContext.Out.WriteLineAsync(
            $"{png.Length}-byte PNG declaring 64000×64000 refused in {clock.ElapsedMilliseconds} ms; peak resident growth {ProcessMemory.Mebibytes(growth)}");
        await AssertRefusedAsync(response, 422, Storage, "64000");
        Assert.That(clock.Elapsed, Is.LessThan(HeaderOnlyRefusal));
        if (peakReset)
            Assert.That(growth, Is.LessThan(FlatMemory), "decoding would need 16 GB; the header check needs next to nothing");
    }

    [Test]
    public async Task Upload_GifWithMoreFramesThanMaxFrames_Returns422AndLeavesNothing()
    {
        var factory = FactoryWith(("Images:MaxFrames", "3"));
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadAsync(client, GeneratedImages.AnimatedGif(frameCount: 5), "spinner.gif");

        await AssertRefusedAsync(response, 422, factory.Storage, "frames", "3");
    }

    [Test]
    public async Task Upload_ImageAboveMaxPixels_Returns422AndLeavesNothing()
    {
        var factory = FactoryWith(("Images:MaxPixels", "1000"));
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadAsync(client, Fixture("camera/Canon_40D.jpg"), "Canon_40D.jpg");

        await AssertRefusedAsync(response, 422, factory.Storage, "1000");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, int status, TestStorage storage, params string[] messageMentions)
    {
        var body = await ReadJsonAsync(response);
        var message = body.GetProperty("msg").GetString();
        var rows = await QueryScalarAsync<long>("select count(*) from attachments");
        await TestContext.Out.WriteLineAsync($"{(int)response.StatusCode}: {body}");
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(message, Is.Not.Empty.And.Not.EqualTo(EnvelopeExceptionHandler.GenericMessage));
            Assert.That(message, Does.Not.Contain(".tmp").And.Not.Contain(storage.Root).And.Not.Contain(".c:"), "no server path or source location");
            foreach (var mention in messageMentions)
                Assert.That(message, Does.Contain(mention).IgnoreCase);
            Assert.That(rows, Is.Zero, "rows");
            Assert.That(storage.Files(), Is.Empty, "files, temp folder included");
        });
    }
}
