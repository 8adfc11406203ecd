using System.Net.Http.Headers;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Envelope;

public sealed class UploadSizeLimitTests : IntegrationTestBase
{
    private const int Limit = 1000;

    [TestCase(200 * 1024)]
    [TestCase(10 * 1024)]
    [TestCase(Limit + 1)]
    public async Task Upload_OverTheLimitWithContentLength_Returns413AndLeavesNothing(int size)
    {
        var (client, storage) = await LimitedApiAsync();

        using var response = await UploadAsync(client, PdfOfSize(size), "big.pdf");

        await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        await AssertNothingStoredAsync(storage);
    }

    [TestCase(200 * 1024)]
    [TestCase(Limit + 1)]
    public async Task Upload_OverTheLimitChunked_Returns413AndLeavesNothing(int size)
    {
        var (client, storage) = await LimitedApiAsync();
        using var form = ChunkedForm(PdfOfSize(size), "big.pdf");

        using var response = await SendChunkedAsync(client, form);

        await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        await AssertNothingStoredAsync(storage);
    }

    [Test]
    public async Task Upload_ExactlyTheLimit_IsAccepted()
    {
        var (client, storage) = await LimitedApiAsync();

        var data = await UploadOkAsync(client, PdfOfSize(Limit), "fits.pdf");

        var location = data.GetProperty("file_location").GetString()!;
        Assert.That(storage.Length(location), Is.EqualTo(Limit));
    }

    [Test]
    public async Task Upload_ExactlyTheLimitChunked_IsAccepted()
    {
        var (client, storage) = await LimitedApiAsync();
        using var form = ChunkedForm(PdfOfSize(Limit), "fits.pdf");

        using var response = await SendChunkedAsync(client, form);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That(storage.Files(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Upload_ClientAbortsMidUpload_LeavesNothingInStorage()
    {
        using var client = await StreamingClientAsync(Factory);
        using var hangUp = new CancellationTokenSource();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new StallingStream(PdfOfSize(64 * 1024), hangUp.Token)), "file", "interrupted.pdf");

        var upload = client.PostAsync("/api/attachment/upload", form, hangUp.Token);
        await WaitUntilAsync(() => Storage.Files().Any(f => f.StartsWith(".tmp/", StringComparison.Ordinal)), "the upload to be staged");
        await hangUp.CancelAsync();

        Assert.That(async () => await upload, Throws.InstanceOf<OperationCanceledException>());
        await WaitUntilAsync(() => Storage.Files().Count == 0, "the staged file to be removed");
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    private async Task<(HttpClient Client, TestStorage Storage)> LimitedApiAsync()
    {
        var factory = FactoryWith(("Upload:MaxFileSizeBytes", Limit.ToString()));
        return (await StreamingClientAsync(factory), factory.Storage);
    }

    /// <summary>Without the redirect handler, which buffers request bodies (and so gives them a Content-Length).</summary>
    private static async Task<HttpClient> StreamingClientAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        return client;
    }

    private static MultipartFormDataContent ChunkedForm(byte[] content, string fileName)
    {
        var file = new StreamContent(new ForwardOnlyStream(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static async Task<HttpResponseMessage> SendChunkedAsync(HttpClient client, MultipartFormDataContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachment/upload") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        Assert.That(form.Headers.ContentLength, Is.Null, "the body went out chunked, never buffered to learn its length");
        return response;
    }

    private static byte[] PdfOfSize(int size) => TestFiles.Pdf(new string('x', size - TestFiles.Pdf("").Length));

    private static async Task AssertNothingStoredAsync(TestStorage storage)
    {
        Assert.That(storage.Files(), Is.Empty);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
