using System.Net.Http.Headers;
using System.Text;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class MalformedUploadTests : IntegrationTestBase
{
    [Test]
    public async Task Upload_JsonBody_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync(
            "/api/attachment/upload", new StringContent("""{"file":"aGVsbG8="}""", Encoding.UTF8, "application/json"));

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("multipart/form-data"));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_UrlEncodedForm_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync(
            "/api/attachment/upload", new FormUrlEncodedContent([new("file", "hello")]));

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_NoBodyAtAll_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync("/api/attachment/upload", content: null);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_MultipartWithoutFilePart_Returns400NoFile()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent { { new StringContent("0"), "category_id" } };

        using var response = await client.PostAsync("/api/attachment/upload", form);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("no file"));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_FileInAnotherField_Returns400NoFile()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent();
        form.Add(FilePart(TestFiles.Pdf()), "upload", "report.pdf");

        using var response = await client.PostAsync("/api/attachment/upload", form);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("no file"));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_TwoFileParts_Returns400AndStoresNeither()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent();
        form.Add(FilePart(TestFiles.Pdf("first")), "file", "first.pdf");
        form.Add(FilePart(TestFiles.Pdf("second")), "file", "second.pdf");

        using var response = await client.PostAsync("/api/attachment/upload", form);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_EmptyFile_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, [], "empty.pdf");

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("empty"));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_MultipartWithoutBoundary_Returns400()
    {
        var client = await LoggedInClientAsync();
        var content = new ByteArrayContent(TestFiles.Pdf());
        content.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");

        using var response = await client.PostAsync("/api/attachment/upload", content);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Upload_MultipartCutOffBeforeTheClosingBoundary_Returns400()
    {
        var client = await LoggedInClientAsync();
        var body = Encoding.ASCII.GetBytes(
            "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n" +
            "Content-Type: application/pdf\r\n\r\n" + Encoding.ASCII.GetString(TestFiles.Pdf()));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");

        using var response = await client.PostAsync("/api/attachment/upload", content);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        await AssertNothingStoredAsync();
    }

    private static ByteArrayContent FilePart(byte[] bytes)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    private static async Task AssertNothingStoredAsync()
    {
        Assert.That(Storage.Files(), Is.Empty);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }
}
