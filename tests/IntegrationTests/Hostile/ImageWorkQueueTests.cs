using System.Text.Json;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Jobs;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// One image slot and a queue of one, with the slot held by the test through the service's own limiter: what
/// a burst of uploads meets when every slot is busy with a long image.
/// </summary>
public sealed class ImageWorkQueueTests : HostileTestBase
{
    [Test]
    public async Task Upload_WhenTheSlotIsBusyAndTheQueueFull_AnswersTheOverflow503AndTheQueuedOneOnceFree()
    {
        var factory = FactoryWith(
            ("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "1"), ("Images:QueueTimeout", "00:02:00"));
        using var client = await LoggedInClientAsync(factory);
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();

        var busy = await limiter.EnterAsync(CancellationToken.None);
        Task<HttpResponseMessage>[] uploads =
        [
            UploadNamedAsync(client, CmsUpload, Picture(1), "one.png"),
            UploadNamedAsync(client, CmsUpload, Picture(2), "two.png"),
            UploadNamedAsync(client, V1Upload, Picture(3), "three.png"),
            UploadNamedAsync(client, V1Upload, Picture(4), "four.png"),
        ];
        await WaitUntilAsync(() => uploads.Count(u => u.IsCompleted) == 3 && limiter.Queued == 1, "three answers and one queued upload");
        using var documentWhileBusy = await UploadNamedAsync(client, CmsUpload, TestFiles.Pdf("not an image"), "notes.pdf");
        busy.Dispose();
        var responses = await Task.WhenAll(uploads);

        var refused = Enumerable.Range(0, 4).Where(i => (int)responses[i].StatusCode == 503).ToList();
        var accepted = Enumerable.Range(0, 4).Where(i => (int)responses[i].StatusCode == 200).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(refused, Has.Count.EqualTo(3), "the overflow: every upload beyond one slot and one queue place");
            Assert.That(accepted, Has.Count.EqualTo(1), "the queued upload, once the slot was free");
            Assert.That((int)documentWhileBusy.StatusCode, Is.EqualTo(200), "documents need no image slot");
        });
        foreach (var i in refused)
        {
            AssertRetryAfter(responses[i]);
            if (i < 2)
                await AssertCmsErrorAsync(responses[i], 503, "busy", "again");
            else
                await AssertV1ErrorAsync(responses[i], 503, "busy", "again");
        }

        var files = await FilesLeftAsync(factory.Storage);
        var rows = await CountRowsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(2), "the queued image and the document");
            Assert.That(files, Has.Count.EqualTo(3), "image, thumbnail and document: " + string.Join(", ", files));
            Assert.That(files.Where(f => f.StartsWith(".tmp/", StringComparison.Ordinal)), Is.Empty, "no staged upload left");
        });

        foreach (var response in responses)
            response.Dispose();
    }

    [Test]
    public async Task Upload_RefusedWhileBusy_SucceedsWhenSentAgainAfterwards()
    {
        var factory = FactoryWith(("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "0"));
        using var client = await LoggedInClientAsync(factory);
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();

        using (await limiter.EnterAsync(CancellationToken.None))
        {
            using var refused = await UploadNamedAsync(client, CmsUpload, Picture(1), "retry.png");
            await AssertCmsErrorAsync(refused, 503, "busy");
            AssertRetryAfter(refused);
            await AssertNothingStoredAsync(factory.Storage);
        }

        using var retried = await UploadNamedAsync(client, CmsUpload, Picture(1), "retry.png");
        Assert.That((int)retried.StatusCode, Is.EqualTo(200), await retried.Content.ReadAsStringAsync());
    }

    [TestCase(CmsUpload)]
    [TestCase(V1Upload)]
    public async Task Upload_QueuedLongerThanQueueTimeout_Returns503AndLeavesNothing(string path)
    {
        var factory = FactoryWith(
            ("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "4"), ("Images:QueueTimeout", "00:00:01"));
        using var client = await LoggedInClientAsync(factory);
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();

        using var busy = await limiter.EnterAsync(CancellationToken.None);
        using var response = await UploadNamedAsync(client, path, Picture(1), "slow.png").WaitAsync(TimeSpan.FromSeconds(30));

        if (path == CmsUpload)
            await AssertCmsErrorAsync(response, 503, "waited 1 seconds");
        else
            await AssertV1ErrorAsync(response, 503, "waited 1 seconds");
        AssertRetryAfter(response);
        Assert.That(limiter.Queued, Is.Zero, "the timed-out upload left the queue");
        await AssertNothingStoredAsync(factory.Storage);
    }

    [TestCase(JobRequests.ThumbRebuild, "thumbnails_built")]
    [TestCase(JobRequests.Scan, "indexed")]
    public async Task Job_WhileEverySlotIsBusyAndUploadsAreRefused_WaitsAndFailsNothing(string jobPath, string counter)
    {
        var factory = FactoryWith(
            ("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "0"), ("Images:QueueTimeout", "00:00:01"));
        using var client = await LoggedInClientAsync(factory);
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();
        await PrepareTwoImagesAsync(client, factory.Storage, jobPath);

        JsonElement started;
        using (await limiter.EnterAsync(CancellationToken.None))
        {
            started = await JobRequests.StartAsync(client, jobPath);

            // Longer than an upload may wait: a request would have been refused by now, the job must still wait.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var meanwhile = await JobRequests.GetAsync(client, JobRequests.Id(started));
            using var upload = await UploadNamedAsync(client, CmsUpload, Picture(9), "during-the-job.png");

            await AssertCmsErrorAsync(upload, 503, "busy");
            Assert.Multiple(() =>
            {
                Assert.That(JobRequests.State(meanwhile), Is.EqualTo("running"), meanwhile.ToString());
                Assert.That(JobRequests.Number(meanwhile, "failed"), Is.Zero, meanwhile.ToString());
            });
        }

        var job = await JobRequests.WaitAsync(client, JobRequests.Id(started));
        Assert.Multiple(() =>
        {
            Assert.That(JobRequests.State(job), Is.EqualTo("completed"), job.ToString());
            Assert.That(JobRequests.Number(job, "failed"), Is.Zero, job.ToString());
            Assert.That(JobRequests.Number(job, counter), Is.EqualTo(2), job.ToString());
        });
    }

    /// <summary>Two images the job has work to do for: uploaded for a rebuild, put in storage without rows for a scan.</summary>
    private static async Task PrepareTwoImagesAsync(HttpClient client, TestStorage storage, string jobPath)
    {
        for (var i = 1; i <= 2; i++)
        {
            if (jobPath == JobRequests.ThumbRebuild)
            {
                using var response = await UploadNamedAsync(client, CmsUpload, Picture(i), $"stored-{i}.png");
                Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
                continue;
            }

            storage.Write($"uploads/202601/15/{i:x16}.png", Picture(i));
        }
    }

    /// <summary>A small PNG whose bytes differ by <paramref name="seed"/>, so uploads are not de-duplicated.</summary>
    private static byte[] Picture(int seed)
    {
        using var image = new MagickImage(MagickColor.FromRgb((byte)(seed * 40), 90, 160), 64, 48);
        return image.ToByteArray(MagickFormat.Png);
    }
}
