using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Browser;

/// <summary>
/// The README tells browser clients that every 4xx but 429 is final: the identical request sent again gets the
/// identical status, code and msg, so retrying it can only waste the upload rate limit.
/// </summary>
public sealed class FinalRefusalTests : IntegrationTestBase
{
    private const int Tries = 3;

    [Test]
    public async Task Upload_RefusedType_Answers415EveryTime()
    {
        var client = await LoggedInClientAsync();
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

        await AssertFinalAsync(() => UploadAsync(client, html, "photo.jpg"), 415, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_TooLarge_Answers413EveryTime()
    {
        using var client = await LoggedInClientAsync(FactoryWith(("Upload:MaxFileSizeBytes", "1024")));

        await AssertFinalAsync(() => UploadAsync(client, TestFiles.Pdf(new string('x', 4096)), "big.pdf"), 413, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_CorruptImage_Answers422EveryTime()
    {
        var client = await LoggedInClientAsync();
        var cut = (await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg")))[..2048];

        await AssertFinalAsync(() => UploadAsync(client, cut, "cut.jpg"), 422, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_UnknownCategory_Answers400EveryTime()
    {
        var client = await LoggedInClientAsync();

        await AssertFinalAsync(() => UploadAsync(client, TestFiles.Pdf(), "report.pdf", ("category_id", "999")), 400, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_ReplacingUnknownId_Answers404EveryTime()
    {
        var client = await LoggedInClientAsync();

        await AssertFinalAsync(() => UploadAsync(client, TestFiles.Pdf(), "report.pdf", ("id", "999")), 404, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Detail_UnknownId_Answers404EveryTime()
    {
        var client = await LoggedInClientAsync();

        await AssertFinalAsync(() => client.GetAsync("/api/attachment/detail?id=999"), 404, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Upload_BadToken_Answers401EveryTime()
    {
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        await AssertFinalAsync(() => UploadAsync(Client, TestFiles.Pdf(), "report.pdf"), 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithoutPermission_Answers403EveryTime()
    {
        await CreateUserAsync("viewer", "viewer-password-1", "attachment.manage");
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(Client, "viewer", "viewer-password-1"));

        await AssertFinalAsync(() => UploadAsync(Client, TestFiles.Pdf(), "report.pdf"), 403, ErrorEnvelope.NotAuthorised);
    }

    [Test]
    public async Task Upload_WrongMethod_Answers405EveryTime()
    {
        var client = await LoggedInClientAsync();

        await AssertFinalAsync(() => client.GetAsync("/api/attachment/upload"), 405, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Replace_WithBytesOfAnotherAttachment_Answers409EveryTime()
    {
        var client = await LoggedInClientAsync();
        var first = await UploadOkAsync(client, TestFiles.Pdf("first"), "first.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("second"), "second.pdf");
        var id = first.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        await AssertFinalAsync(() => UploadAsync(client, TestFiles.Pdf("second"), "second.pdf", ("id", id)), 409, ErrorEnvelope.Error);
    }

    [Test]
    public async Task DeleteCategory_ThatHoldsAttachments_Answers409EveryTime()
    {
        var client = await LoggedInClientAsync();
        using var created = await client.PostAsJsonAsync("/api/attachment/category/detail", new { title = "Banners" });
        var categoryId = (await ReadJsonAsync(created)).GetProperty("data").GetProperty("id").GetInt64();
        await UploadOkAsync(client, TestFiles.Pdf(), "report.pdf", ("category_id", categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await AssertFinalAsync(() => client.PostAsJsonAsync("/api/attachment/category/delete", new { id = categoryId }), 409, ErrorEnvelope.Error);
    }

    [Test]
    public async Task UploadImageV1_Document_Answers415EveryTime()
    {
        var client = await LoggedInClientAsync();

        await AssertFinalAsync(
            () =>
            {
                var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf()), "file", "report.pdf" } };
                return client.PostAsync("/UploadImage", form);
            },
            415,
            code: null);
    }

    /// <summary>Sends the request <see cref="Tries"/> times; every answer has the status, and one code and msg.</summary>
    private static async Task AssertFinalAsync(Func<Task<HttpResponseMessage>> send, int status, int? code)
    {
        var answers = new List<(int Status, int? Code, string? Msg)>();
        for (var i = 0; i < Tries; i++)
        {
            using var response = await send();
            var body = await ReadJsonAsync(response);
            answers.Add((
                (int)response.StatusCode,
                body.TryGetProperty("code", out var c) ? c.GetInt32() : null,
                (body.TryGetProperty("msg", out var m) ? m : body.GetProperty("message")).GetString()));
        }

        var described = string.Join(Environment.NewLine, answers);
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(status), described);
            Assert.That(answers.Select(a => a.Code), Is.All.EqualTo(code), described);
            Assert.That(answers.Select(a => a.Msg).Distinct().Count(), Is.EqualTo(1), described);
            Assert.That(answers[0].Msg, Is.Not.Empty, described);
        });
    }
}
