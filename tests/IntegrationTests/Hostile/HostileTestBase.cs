using System.Text;
using System.Text.Json;
using Attachments.Api.Envelope;
using Attachments.Application.Common.Interfaces;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>Requests as a hostile client sends them, and what must be true of the store after each refusal.</summary>
public abstract class HostileTestBase : IntegrationTestBase
{
    public const string CmsUpload = "/api/attachment/upload";
    public const string V1Upload = "/UploadImage";

    private const string Boundary = "----hostile-input-boundary";

    private static readonly TimeSpan CleanupWait = TimeSpan.FromSeconds(10);

    /// <summary>The real API with its real image processor wrapped in a counter of the calls that reach it.</summary>
    internal static WebApplicationFactory<Program> WithDecoderCounted(WebApplicationFactory<Program> factory, DecoderCalls calls) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Decorate<IImageProcessor>((inner, _) => new CountingImageProcessor(inner, calls))));

    /// <summary>
    /// Uploads with a multipart body written by hand: the name travels percent-encoded in <c>filename*</c>
    /// (RFC 7578, RFC 5987), so NUL, CR/LF and any other character reach the server exactly as given.
    /// </summary>
    protected static Task<HttpResponseMessage> UploadNamedAsync(HttpClient client, string path, byte[] content, string fileName) =>
        UploadWithDispositionAsync(client, path, content, "filename*=UTF-8''" + Uri.EscapeDataString(fileName));

    /// <summary>Uploads with the given raw parameters after <c>form-data; name="file"; </c> in the part's Content-Disposition.</summary>
    protected static async Task<HttpResponseMessage> UploadWithDispositionAsync(HttpClient client, string path, byte[] content, string fileParameters)
    {
        var head = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; {fileParameters}\r\n" +
            "Content-Type: application/octet-stream\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        using var body = new ByteArrayContent([.. head, .. content, .. tail]);
        body.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
        return await client.PostAsync(path, body);
    }

    /// <summary>The error envelope of the Attachment API: code -1, a message that is not the generic one, data null.</summary>
    protected static async Task<JsonElement> AssertCmsErrorAsync(HttpResponseMessage response, int status, params string[] messageMentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1), text);
            Assert.That(body.GetProperty("msg").GetString(), Is.Not.Empty.And.Not.EqualTo(EnvelopeExceptionHandler.GenericMessage), text);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null), text);
            foreach (var mention in messageMentions)
                Assert.That(body.GetProperty("msg").GetString(), Does.Contain(mention).IgnoreCase, text);
        });
        return body;
    }

    /// <summary>The error envelope of the Image Upload API v1: a message and data null, no CMS fields.</summary>
    protected static async Task<JsonElement> AssertV1ErrorAsync(HttpResponseMessage response, int status, params string[] messageMentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
            Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty.And.Not.EqualTo(EnvelopeExceptionHandler.GenericMessage), text);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null), text);
            Assert.That(body.TryGetProperty("code", out _), Is.False, text);
            foreach (var mention in messageMentions)
                Assert.That(body.GetProperty("message").GetString(), Does.Contain(mention).IgnoreCase, text);
        });
        return body;
    }

    protected static void AssertRetryAfter(HttpResponseMessage response) =>
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After in seconds");

    protected static Task<long> CountRowsAsync() => QueryScalarAsync<long>("select count(*) from attachments");

    /// <summary>
    /// Waits for the temp folder to empty (a staged upload is deleted as its response completes), then returns
    /// every file left in <paramref name="storage"/>.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> FilesLeftAsync(TestStorage storage)
    {
        var deadline = DateTime.UtcNow + CleanupWait;
        while (storage.Files().Any(IsTemp) && DateTime.UtcNow < deadline)
            await Task.Delay(25);

        return storage.Files();
    }

    internal static async Task AssertNothingStoredAsync(TestStorage storage)
    {
        var files = await FilesLeftAsync(storage);
        var rows = await CountRowsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.Zero, "rows");
            Assert.That(files, Is.Empty, "files, temp folder included");
        });
    }

    protected static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Gave up after 30 s waiting for {what}.");

            await Task.Delay(10);
        }
    }

    private static bool IsTemp(string relativePath) => relativePath.StartsWith(".tmp/", StringComparison.Ordinal);
}
