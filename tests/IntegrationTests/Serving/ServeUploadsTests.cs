using System.Net.Http.Headers;
using System.Text.Json;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Serving;

public sealed class ServeUploadsTests : IntegrationTestBase
{
    private HttpClient _anonymous = null!;

    [SetUp]
    public void CreateAnonymousClient() => _anonymous = Factory.CreateClient();

    [TearDown]
    public void DisposeAnonymousClient() => _anonymous.Dispose();

    [Test]
    public async Task Get_UploadedJpegWithoutToken_ServesTheStoredBytesAsAnImage()
    {
        var jpeg = await UploadJpegAsync();

        using var response = await _anonymous.GetAsync(Logo(jpeg));

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(HeaderOf(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Content.Headers.LastModified, Is.Not.Null);
            Assert.That(response.Headers.CacheControl, Is.Not.Null);
            Assert.That(response.Content.Headers.ContentDisposition, Is.Null, "images display inline");
            Assert.That(body, Is.EqualTo(Storage.ReadAllBytes(Location(jpeg))));
        });
    }

    [Test]
    public async Task Get_UploadedPdfWithoutToken_DownloadsAsAnAttachment()
    {
        var pdf = await UploadPdfAsync();

        using var response = await _anonymous.GetAsync(Logo(pdf));

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(HeaderOf(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Content.Headers.LastModified, Is.Not.Null);
            Assert.That(response.Headers.CacheControl, Is.Not.Null);
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(body, Is.EqualTo(TestFiles.Pdf()));
        });
    }

    [Test]
    public async Task Get_ThumbUrl_ServesASmallerImage()
    {
        var jpeg = await UploadJpegAsync();
        var thumb = jpeg.GetProperty("thumb").GetString()!;

        using var response = await _anonymous.GetAsync(thumb);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Does.StartWith("image/"));
            Assert.That((await response.Content.ReadAsByteArrayAsync())[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }));
            Assert.That(HeaderOf(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task Get_WithMatchingIfNoneMatch_Returns304WithoutBody()
    {
        var url = Logo(await UploadJpegAsync());
        using var first = await _anonymous.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await _anonymous.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(304));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task Get_WithOtherIfNoneMatch_Returns200()
    {
        var url = Logo(await UploadJpegAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));

        using var response = await _anonymous.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Get_WithIfModifiedSinceLastModified_Returns304()
    {
        var url = Logo(await UploadPdfAsync());
        using var first = await _anonymous.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = first.Content.Headers.LastModified;

        using var response = await _anonymous.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(304));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task Get_WithRange_Returns206WithThoseBytes()
    {
        var pdf = await UploadPdfAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Logo(pdf));
        request.Headers.Range = new RangeHeaderValue(0, 7);

        using var response = await _anonymous.SendAsync(request);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(206));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 0-7/{TestFiles.Pdf().Length}"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(TestFiles.Pdf()[..8]));
        });
    }

    [Test]
    public async Task Get_FileThatDoesNotExist_Returns404Envelope()
    {
        using var response = await _anonymous.GetAsync("/uploads/209901/01/0123456789abcdef.jpg");

        await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Get_DeletedFromDisk_Returns404Envelope()
    {
        var pdf = await UploadPdfAsync();
        Storage.Delete(Location(pdf));

        using var response = await _anonymous.GetAsync(Logo(pdf));

        await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_WithStoragePublicBaseUrl_LinksTheFileOnThatBase()
    {
        var factory = FactoryWith(("Storage:PublicBaseUrl", "https://cdn.example.com/files/"));
        using var client = await LoggedInClientAsync(factory);

        var pdf = await UploadOkAsync(client, TestFiles.Pdf(), "report.pdf");

        // On S3 the base is the bucket's (or a CDN's in front of it), so the URL names the object's whole key.
        var keyPrefix = factory.Storage.Settings.TryGetValue("Storage:S3:Prefix", out var prefix) ? prefix.Trim('/') + "/" : string.Empty;
        Assert.That(Logo(pdf), Is.EqualTo("https://cdn.example.com/files/" + keyPrefix + Location(pdf)));
    }

    private async Task<JsonElement> UploadJpegAsync() =>
        await UploadOkAsync(await LoggedInClientAsync(), await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "photo.jpg");

    private async Task<JsonElement> UploadPdfAsync() =>
        await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static string Logo(JsonElement attachment) => attachment.GetProperty("logo").GetString()!;

    private static string Location(JsonElement attachment) => attachment.GetProperty("file_location").GetString()!;
}
