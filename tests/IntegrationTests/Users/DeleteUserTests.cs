using System.Text;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Users;

public sealed class DeleteUserTests : UsersTestBase
{
    [Test]
    public async Task Delete_User_RemovesTheRowAndReturnsNullData()
    {
        var id = await CreateUserAsync("editor", Password, "attachment.upload");
        var client = await LoggedInClientAsync();

        using var response = await DeleteAsync(client, id);

        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
        Assert.That(await UsersNamedAsync("editor"), Is.Zero);
        using var login = await PostLoginAsync(Client, "editor", Password);
        await ErrorEnvelope.AssertAsync(login, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Delete_UserWithAttachments_KeepsTheAttachmentsWithoutUploader()
    {
        var id = await CreateUserAsync("uploader", Password, "attachment.upload");
        var pdf = TestFiles.Pdf("kept after the uploader left");
        using var uploader = await ClientForAsync("uploader");
        var uploaded = await UploadOkAsync(uploader, pdf, "report.pdf");
        var location = uploaded.GetProperty("file_location").GetString()!;
        Assert.That(uploaded.GetProperty("user_id").GetInt64(), Is.EqualTo(id));
        var admin = await LoggedInClientAsync();

        using var response = await DeleteAsync(admin, id);
        await OkDataAsync(response);

        var attachmentId = uploaded.GetProperty("id").GetInt64();
        var rows = await QueryScalarAsync<long>("select count(*) from attachments where id = @id and user_id is null", ("id", attachmentId));
        using var detail = await admin.GetAsync($"/api/attachment/detail?id={attachmentId}");
        var shown = await OkDataAsync(detail);
        // The same bytes again return the existing attachment, unchanged.
        var again = await UploadOkAsync(admin, pdf, "report.pdf");
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(1));
            Assert.That(shown.GetProperty("id").GetInt64(), Is.EqualTo(attachmentId));
            Assert.That(shown.GetProperty("user_id").GetInt64(), Is.Zero);
            Assert.That(again.GetProperty("id").GetInt64(), Is.EqualTo(attachmentId));
            Assert.That(again.GetProperty("user_id").GetInt64(), Is.Zero);
            Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(pdf));
        });
    }

    [Test]
    public async Task Delete_DeletedUsersExistingToken_Returns401With1001()
    {
        var id = await CreateUserAsync("manager", Password, "users.manage", "attachment.upload");
        using var deleted = await ClientForAsync("manager");
        using (var before = await deleted.GetAsync("/api/user/list"))
            await OkDataAsync(before);
        var admin = await LoggedInClientAsync();

        using var response = await DeleteAsync(admin, id);
        await OkDataAsync(response);

        using var list = await deleted.GetAsync("/api/user/list");
        using var upload = await UploadAsync(deleted, TestFiles.Pdf(), "report.pdf");
        await ErrorEnvelope.AssertAsync(list, 401, ErrorEnvelope.NotLoggedIn);
        await ErrorEnvelope.AssertAsync(upload, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Delete_WithoutToken_Returns401With1001()
    {
        var id = await CreateUserAsync("editor", Password);

        using var response = await DeleteAsync(Client, id);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(await UsersNamedAsync("editor"), Is.EqualTo(1));
    }

    [Test]
    public async Task Delete_WithoutUsersManage_Returns403With1002AndKeepsTheUser()
    {
        var id = await CreateUserAsync("editor", Password, "attachment.upload", "attachment.manage", "attachment.delete");
        using var client = await ClientForAsync("editor");

        using var response = await DeleteAsync(client, 1);
        using var self = await DeleteAsync(client, id);

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        await ErrorEnvelope.AssertAsync(self, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("users.manage"));
        Assert.That(await CountUsersAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Delete_UnknownId_Returns404()
    {
        var client = await LoggedInClientAsync();

        using var response = await DeleteAsync(client, 999);

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("999"));
    }

    [TestCase("{}", "id")]
    [TestCase("""{"id":0}""", "id")]
    [TestCase("""{"id":-5}""", "id")]
    [TestCase("""{"id":null}""", "id")]
    [TestCase("""{"id":"two"}""", "id")]
    [TestCase("""{"id":""", "")]
    [TestCase("", "")]
    public async Task Delete_InvalidId_Returns400(string json, string named)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync("/api/user/delete", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(named));
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }
}
