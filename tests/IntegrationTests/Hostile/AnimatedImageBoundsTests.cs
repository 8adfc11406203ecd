using System.Diagnostics;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// Animated GIFs built to exhaust time or memory: thousands of frames, or frames whose canvases add up to gigapixels
/// in a file of a few kilobytes. Each must be refused from its headers; the figures measured are written to the output.
/// </summary>
public sealed class AnimatedImageBoundsTests : HostileTestBase
{
    /// <summary>A sanity bound, not a benchmark: decoding these would take minutes or fail for memory.</summary>
    private static readonly TimeSpan HeaderOnlyRefusal = TimeSpan.FromSeconds(30);

    /// <summary>Generous: decoding even the smallest of these bombs needs several hundred MiB of pixels.</summary>
    private const long MaxResidentGrowth = 256L * 1024 * 1024;

    private static IEnumerable<TestCaseData> Bombs()
    {
        yield return new TestCaseData(GeneratedAnimations.Gif(1_000, 16, 16, 16, 16), new[] { "300", "frames" })
            .SetArgDisplayNames("1,000 frames of 16x16");
        yield return new TestCaseData(GeneratedAnimations.Gif(5_000, 16, 16, 16, 16), new[] { "300", "frames" })
            .SetArgDisplayNames("5,000 frames of 16x16");
        yield return new TestCaseData(GeneratedAnimations.Gif(200, 2_000, 2_000, 1, 1), new[] { "800000000", "100000000" })
            .SetArgDisplayNames("200 frames of 1x1 on a 2000x2000 canvas");
        yield return new TestCaseData(GeneratedAnimations.Gif(50, 1_500, 1_500, 1_500, 1_500), new[] { "112500000", "100000000" })
            .SetArgDisplayNames("50 full frames of 1500x1500");
        yield return new TestCaseData(GeneratedAnimations.Gif(1, 60_000, 60_000, 1, 1), new[] { "60000" })
            .SetArgDisplayNames("one 1x1 frame on a 60000x60000 canvas");
    }

    [TestCaseSource(nameof(Bombs))]
    public async Task Upload_AnimationBomb_Returns422FromTheHeadersInBoundedTimeAndMemory(byte[] gif, string[] messageMentions)
    {
        var client = await LoggedInClientAsync();
        var resetPeak = ProcessMemory.TryResetPeak();
        var residentBefore = ProcessMemory.ResidentBytes;
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var heapPeak = LiveHeap.SamplePeakAsync(sampling.Token);

        var clock = Stopwatch.StartNew();
        using var cms = await UploadNamedAsync(client, CmsUpload, gif, "animation.gif").WaitAsync(HeaderOnlyRefusal);
        var cmsTime = clock.Elapsed;
        clock.Restart();
        using var v1 = await UploadNamedAsync(client, V1Upload, gif, "animation.gif").WaitAsync(HeaderOnlyRefusal);
        var v1Time = clock.Elapsed;
        await sampling.CancelAsync();
        var heapGrowth = await heapPeak - heapBefore;
        var residentGrowth = Math.Max(0, ProcessMemory.PeakResidentBytes - residentBefore);

        await TestContext.Out.WriteLineAsync(
            $"{gif.Length:N0}-byte GIF: CMS answered {(int)cms.StatusCode} in {cmsTime.TotalMilliseconds:N0} ms, v1 {(int)v1.StatusCode} in {v1Time.TotalMilliseconds:N0} ms; " +
            $"live managed heap +{ProcessMemory.Mebibytes(heapGrowth)} at its peak; " +
            (resetPeak ? $"peak resident set +{ProcessMemory.Mebibytes(residentGrowth)} over {ProcessMemory.Mebibytes(residentBefore)}" : "peak resident set not measurable here"));
        await AssertCmsErrorAsync(cms, 422, messageMentions);
        await AssertV1ErrorAsync(v1, 422, messageMentions);
        await AssertNothingStoredAsync(Storage);
        if (resetPeak)
            Assert.That(residentGrowth, Is.LessThan(MaxResidentGrowth), "peak resident set growth: nothing was decoded");
    }

    [Test]
    public async Task Upload_AnimationWithinEveryLimit_IsStoredWithAllItsFrames()
    {
        var client = await LoggedInClientAsync();
        var gif = GeneratedAnimations.Gif(300, 200, 150, 200, 150);

        using var response = await UploadNamedAsync(client, CmsUpload, gif, "spinner.gif");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        var data = body.GetProperty("data");
        using var stored = new MagickImageCollection(
            Storage.ReadAllBytes(data.GetProperty("file_location").GetString()!));
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(300));
            Assert.That((data.GetProperty("width").GetInt32(), data.GetProperty("height").GetInt32()), Is.EqualTo((200, 150)));
        });
    }

    [TestCase(40, 200)]
    [TestCase(60, 422)]
    public async Task Upload_AnimationAroundMaxTotalPixels_IsJudgedByFramesTimesCanvas(int frames, int status)
    {
        // 100×100 canvases: 40 frames are 400,000 pixels in all, 60 frames 600,000.
        var factory = FactoryWith(("Images:MaxTotalPixels", "500000"));
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadNamedAsync(client, CmsUpload, GeneratedAnimations.Gif(frames, 100, 100, 10, 10), "frames.gif");

        if (status == 422)
        {
            await AssertCmsErrorAsync(response, 422, "600000", "500000");
            Assert.That(await FilesLeftAsync(factory.Storage), Is.Empty);
        }
        else
        {
            var body = await ReadJsonAsync(response);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        }
    }

    [Test]
    public async Task Upload_MultiPageTiffOverMaxTotalPixels_IsConvertedFromItsFirstPage()
    {
        // Only the first page of a TIFF is decoded, so the pages after it do not count towards the total.
        var factory = FactoryWith(("Images:MaxTotalPixels", "30000"));
        using var client = await LoggedInClientAsync(factory);
        using var pages = new MagickImageCollection();
        for (var i = 0; i < 5; i++)
            pages.Add(new MagickImage(MagickColor.FromRgb((byte)(i * 50), 0, 0), 100, 100));

        using var response = await UploadNamedAsync(client, CmsUpload, pages.ToByteArray(MagickFormat.Tiff), "scan.tiff");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("data").GetProperty("file_location").GetString(), Does.EndWith(".png"));
    }
}
