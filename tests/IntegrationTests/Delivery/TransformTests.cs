using System.Net.Http.Json;
using Attachments.Application.Common.Interfaces;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Delivery;

/// <summary>Transforms by URL: only what the service signed is rendered, within bounds, through the bounded image queue.</summary>
public sealed class TransformTests : DeliveryTestBase
{
    [Test]
    public async Task SignedUrl_RendersTheTransform_AndIsStoredAsADerivative()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1600, 1200), "field.jpg");
        var id = stored.GetProperty("id").GetInt64();

        var signed = await SignedUrlAsync(client, new { id, w = 640, h = 640, fit = "cover", fmt = "webp", q = 70 });
        var url = signed.GetProperty("data").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();
        using var response = await GetAsync(anonymous, url);
        var picture = await PictureOfAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(url, Does.Contain("w=640&h=640&fit=cover&fmt=webp&q=70&s="));
            Assert.That(signed.GetProperty("data").GetProperty("expires_at").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "a public file's links do not expire");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/webp"));
            Assert.That((picture.Width, picture.Height), Is.EqualTo((640u, 640u)));
            Assert.That(response.Headers.Vary, Is.Empty, "an explicit format does not vary by Accept");
        });
        Assert.That(await DerivativeCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Transform_NeverEnlarges_AndContainPadsToTheBox()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(400, 200), "strip.png")).GetProperty("id").GetInt64();
        using var anonymous = Factory.CreateClient();

        using var inside = await GetAsync(anonymous, Url(await SignedUrlAsync(client, new { id, w = 1000 })));
        using var contain = await GetAsync(anonymous, Url(await SignedUrlAsync(client, new { id, w = 300, h = 300, fit = "contain", fmt = "png" })));
        var insidePicture = await PictureOfAsync(inside);
        var containPicture = await PictureOfAsync(contain);

        Assert.Multiple(() =>
        {
            Assert.That((insidePicture.Width, insidePicture.Height), Is.EqualTo((400u, 200u)), "not enlarged");
            Assert.That((containPicture.Width, containPicture.Height), Is.EqualTo((300u, 300u)), "padded to the box");
        });
    }

    [Test]
    public async Task UnsignedTransform_ThatIsNoNamedSize_Is403_AndRendersNothing()
    {
        var client = await LoggedInClientAsync();
        var logo = (await UploadOkAsync(client, Photo(1600, 1200), "field.jpg")).GetProperty("logo").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var response = await GetAsync(anonymous, logo + "?w=1234&fmt=webp");

        await AssertErrorAsync(response, 403, "not one of the named sizes", "/api/attachment/url");
        Assert.That(await DerivativeCountAsync(), Is.Zero);
    }

    [TestCase("w=640&h=640&fit=cover&fmt=webp&q=71", TestName = "TamperedSignature_AQualityChanged_Is403")]
    [TestCase("w=641&h=640&fit=cover&fmt=webp&q=70", TestName = "TamperedSignature_AWidthChanged_Is403")]
    [TestCase("w=640&h=640&fmt=webp&q=70", TestName = "TamperedSignature_AParameterDropped_Is403")]
    public async Task TamperedSignature_Is403(string query)
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(1600, 1200), "field.jpg")).GetProperty("id").GetInt64();
        var url = Url(await SignedUrlAsync(client, new { id, w = 640, h = 640, fit = "cover", fmt = "webp", q = 70 }));
        var signature = url[(url.IndexOf("&s=", StringComparison.Ordinal) + 3)..];
        var tampered = url[..url.IndexOf('?')] + "?" + query + "&s=" + signature;
        using var anonymous = Factory.CreateClient();

        using var response = await GetAsync(anonymous, tampered);

        await AssertErrorAsync(response, 403, "signature");
        Assert.That(await DerivativeCountAsync(), Is.Zero);
    }

    [TestCase("w=100000", "w must be", 400)]
    [TestCase("w=9000&h=9000", "limit", 400)]
    [TestCase("w=-5", "w must be", 400)]
    [TestCase("w=abc", "w must be", 400)]
    [TestCase("w=100&w=200", "w must be", 400)]
    [TestCase("fmt=svg", "fmt must be one of", 400)]
    [TestCase("fmt=gif", "fmt must be one of", 400)]
    [TestCase("q=0", "q must be", 400)]
    [TestCase("q=101", "q must be", 400)]
    [TestCase("dpr=10", "dpr must be", 400)]
    [TestCase("fit=stretch", "fit must be", 400)]
    public async Task HostileParameters_AreRefusedBeforeAnyWork(string query, string message, int status)
    {
        var client = await LoggedInClientAsync();
        var logo = (await UploadOkAsync(client, Photo(600, 400), "field.jpg")).GetProperty("logo").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var response = await GetAsync(anonymous, logo + "?" + query + "&s=whatever");

        await AssertErrorAsync(response, status, message);
        Assert.That(await DerivativeCountAsync(), Is.Zero);
    }

    [Test]
    public async Task SignedUrl_ForHostileParameters_IsA400_WithNothingSigned()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(600, 400), "field.jpg")).GetProperty("id").GetInt64();

        var huge = await SignedUrlAsync(client, new { id, w = 16000, h = 16000 }, status: 400);
        var svg = await SignedUrlAsync(client, new { id, fmt = "svg" }, status: 400);
        var missing = await SignedUrlAsync(client, new { id = 999999, w = 100 }, status: 404);

        Assert.Multiple(() =>
        {
            Assert.That(huge.GetProperty("msg").GetString(), Does.Contain("limit"));
            Assert.That(svg.GetProperty("msg").GetString(), Does.Contain("fmt must be one of"));
            Assert.That(missing.GetProperty("code").GetInt32(), Is.EqualTo(-1));
        });
    }

    [Test]
    public async Task Transform_OfADocumentOrAThumbnail_IsRefused()
    {
        var client = await LoggedInClientAsync();
        var pdf = await UploadOkAsync(client, TestFiles.Pdf(), "notes.pdf");
        var photo = await UploadOkAsync(client, Photo(600, 400), "field.jpg");
        var signer = Factory.Services.GetRequiredService<IUrlSigner>();
        var pdfLocation = pdf.GetProperty("file_location").GetString()!;
        var thumbLocation = StorageConsistency.ThumbOf(photo.GetProperty("file_location").GetString()!);
        using var anonymous = Factory.CreateClient();

        using var document = await anonymous.GetAsync($"/{pdfLocation}?w=100&s={signer.Sign(pdfLocation, "w=100")}");
        using var thumb = await anonymous.GetAsync($"/{thumbLocation}?w=100&s={signer.Sign(thumbLocation, "w=100")}");
        var refused = await SignedUrlAsync(client, new { id = pdf.GetProperty("id").GetInt64(), w = 100 }, status: 415);

        await AssertErrorAsync(document, 415, "Only images");
        await AssertErrorAsync(thumb, 400, "thumbnail");
        Assert.That(refused.GetProperty("msg").GetString(), Does.Contain("Only images"));
    }

    [Test]
    public async Task Replace_NeverServesTheOldDerivative_AndRemovesItsFile()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "before.jpg");
        var id = stored.GetProperty("id").GetInt64();
        var small = stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();
        using var before = await GetAsync(anonymous, small);
        var oldLocation = await QueryScalarAsync<string>("select location from attachment_derivatives");

        var replaced = await UploadOkAsync(client, GeneratedImages(1200, 800), "after.jpg", ("id", id.ToString()));
        using var after = await GetAsync(anonymous, small);

        Assert.Multiple(async () =>
        {
            Assert.That(replaced.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString(), Is.EqualTo(small), "the URL stays");
            Assert.That(await after.Content.ReadAsByteArrayAsync(), Is.Not.EqualTo(await before.Content.ReadAsByteArrayAsync()));
            Assert.That(after.Headers.ETag, Is.Not.EqualTo(before.Headers.ETag));
            Assert.That(Storage.Exists(oldLocation), Is.False, "the old content's derivative went with it");
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Delete_RemovesTheDerivativesWithTheFile()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "gone.jpg");
        using var anonymous = Factory.CreateClient();
        using (await GetAsync(anonymous, stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!, AcceptWebp))
        {
        }

        var location = await QueryScalarAsync<string>("select location from attachment_derivatives");
        using var deleted = await client.PostAsJsonAsync("/api/attachment/delete", new { id = stored.GetProperty("id").GetInt64() });
        using var after = await GetAsync(anonymous, stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!, AcceptWebp);

        Assert.Multiple(async () =>
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(200));
            Assert.That(Storage.Exists(location), Is.False);
            Assert.That(await DerivativeCountAsync(), Is.Zero);
            Assert.That((int)after.StatusCode, Is.EqualTo(404));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task TransformStorm_BeyondTheQueue_Is503WithRetryAfter_AndLeavesNothing()
    {
        var factory = FactoryWith(("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "1"), ("Images:QueueTimeout", "00:01:00"));
        using var client = await LoggedInClientAsync(factory);
        var id = (await UploadOkAsync(client, Photo(1600, 1200), "storm.jpg")).GetProperty("id").GetInt64();
        var urls = new List<string>();
        for (var width = 100; width < 110; width++)
            urls.Add(Url(await SignedUrlAsync(client, new { id, w = width })));
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();
        using var anonymous = factory.CreateClient();

        HttpResponseMessage[] responses;
        List<Task<HttpResponseMessage>> storm, answered;
        using (await limiter.EnterAsync(CancellationToken.None))
        {
            storm = [.. urls.Select(u => GetAsync(anonymous, u))];
            await WaitUntilAsync(() => storm.Count(t => t.IsCompleted) == urls.Count - 1 && limiter.Queued == 1);
            answered = [.. storm.Where(t => t.IsCompleted)];
            responses = await Task.WhenAll(answered);
            Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(503));
            Assert.That(responses.Select(r => r.Headers.RetryAfter), Is.All.Not.Null);
            await AssertErrorAsync(responses[0], 503, "busy");
        }

        using var queued = await storm.Except(answered).Single();
        Assert.That((int)queued.StatusCode, Is.EqualTo(200), "the one queued request, once the slot was free");
        Assert.That(await DerivativeCountAsync(), Is.EqualTo(1));
        await StorageConsistency.AssertHoldsWithinAsync(TestEnvironment.ConnectionString, factory.Storage, TimeSpan.FromSeconds(10));
        foreach (var response in responses)
            response.Dispose();
    }

    [Test]
    public async Task SignedUrls_FromAnotherInstanceWithTheSameKey_Work()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(800, 600), "shared.jpg")).GetProperty("id").GetInt64();
        var url = Url(await SignedUrlAsync(client, new { id, w = 320, fmt = "jpg" }));
        var other = InstanceWith();
        using var anonymous = other.CreateClient(new WebApplicationFactoryClientOptions());

        using var response = await GetAsync(anonymous, PathAndQuery(url));
        var picture = await PictureOfAsync(response);

        Assert.That((picture.Width, picture.Height), Is.EqualTo((320u, 240u)));
    }

    private static string Url(System.Text.Json.JsonElement signed) => signed.GetProperty("data").GetProperty("url").GetString()!;

    private static byte[] GeneratedImages(uint width, uint height) => Images.GeneratedImages.TwoHalves(MagickFormat.Jpeg, width, height);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("timed out waiting for the storm to reach the queue");

            await Task.Delay(20);
        }
    }
}
