using System.Net.Http.Headers;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class UploadSizeLimitTests : IntegrationTestBase
{
    private const int Limit = 1000;

    [TestCase(200 * 1024)]
    [TestCase(10 * 1024)]
    [TestCase(Limit + 1)]
    public async Task Upload_OverTheLimitWithContentLength_Returns413AndLeavesNothing(int size)
    {
        var (client, root) = await LimitedApiAsync();

        using var response = await UploadAsync(client, PdfOfSize(size), "big.pdf");

        await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        await AssertNothingStoredAsync(root);
    }

    [Test]
    public async Task Upload_OverTheLimitChunked_Returns413AndLeavesNothing()
    {
        var (client, root) = await LimitedApiAsync();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new ForwardOnlyStream(PdfOfSize(200 * 1024))), "file", "big.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachment/upload") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        Assert.That(form.Headers.ContentLength, Is.Null, "sent without Content-Length");

        using var response = await client.SendAsync(request);

        await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        await AssertNothingStoredAsync(root);
    }

    [Test]
    public async Task Upload_ExactlyTheLimit_IsAccepted()
    {
        var (client, root) = await LimitedApiAsync();

        var data = await UploadOkAsync(client, PdfOfSize(Limit), "fits.pdf");

        var location = data.GetProperty("file_location").GetString()!;
        Assert.That(new FileInfo(StoredPath(root, location)).Length, Is.EqualTo(Limit));
    }

    [Test]
    public async Task Upload_ExactlyTheLimitChunked_IsAccepted()
    {
        var (client, _) = await LimitedApiAsync();
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new ForwardOnlyStream(PdfOfSize(Limit)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "fits.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachment/upload") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Upload_ClientAbortsMidUpload_LeavesNothingInStorage()
    {
        var client = await LoggedInClientAsync();
        using var hangUp = new CancellationTokenSource();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new StallingStream(PdfOfSize(64 * 1024), hangUp.Token)), "file", "interrupted.pdf");

        var upload = client.PostAsync("/api/attachment/upload", form, hangUp.Token);
        await Task.Delay(2000);
        await TestContext.Progress.WriteLineAsync($"DEBUG status={upload.Status} files={string.Join(",", FilesUnder(StorageRoot))}");
        if (upload.IsCompleted) await TestContext.Progress.WriteLineAsync("DEBUG " + (upload.IsFaulted ? upload.Exception!.ToString() : (int)upload.Result.StatusCode + await upload.Result.Content.ReadAsStringAsync()));
        await WaitUntilAsync(() => FilesUnder(StorageRoot).Any(f => f.StartsWith(".tmp/", StringComparison.Ordinal)), "the upload to be staged");
        await hangUp.CancelAsync();

        Assert.That(async () => await upload, Throws.InstanceOf<OperationCanceledException>());
        await WaitUntilAsync(() => FilesUnder(StorageRoot).Count == 0, "the staged file to be removed");
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    private async Task<(HttpClient Client, string Root)> LimitedApiAsync()
    {
        var factory = FactoryWith(("Upload:MaxFileSizeBytes", Limit.ToString()));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        return (client, factory.StorageRoot);
    }

    private static byte[] PdfOfSize(int size) => TestFiles.Pdf(new string('x', size - TestFiles.Pdf("").Length));

    private static async Task AssertNothingStoredAsync(string root)
    {
        Assert.That(FilesUnder(root), Is.Empty);
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
