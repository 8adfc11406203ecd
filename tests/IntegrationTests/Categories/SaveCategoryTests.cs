using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Envelope;

namespace Attachments.IntegrationTests.Categories;

public sealed class SaveCategoryTests : CategoryTestBase
{
    [Test]
    public async Task Save_WithoutId_CreatesCategoryWithTrimmedTitle()
    {
        var client = await LoggedInClientAsync();

        var data = await CreateCategoryAsync(client, "  Product photos \t");

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Multiple(async () =>
        {
            Assert.That(data.EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "id", "title", "attach_count", "status", "created_time", "updated_time" }));
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(1));
            Assert.That(data.GetProperty("title").GetString(), Is.EqualTo("Product photos"));
            Assert.That(data.GetProperty("attach_count").GetInt32(), Is.Zero);
            Assert.That(data.GetProperty("status").GetInt32(), Is.EqualTo(1));
            Assert.That(data.GetProperty("created_time").GetInt64(), Is.EqualTo(now).Within(60));
            Assert.That(data.GetProperty("updated_time").GetInt64(), Is.EqualTo(data.GetProperty("created_time").GetInt64()));
            Assert.That(await QueryScalarAsync<string>("select title from attachment_categories where id = 1"), Is.EqualTo("Product photos"));
            Assert.That(await QueryScalarAsync<int>("select status from attachment_categories where id = 1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Save_IdZero_CreatesCategory()
    {
        var client = await LoggedInClientAsync();
        await CreateCategoryAsync(client, "Existing");

        using var response = await client.PostAsJsonAsync(SavePath, new { id = 0, title = "New" });

        var data = await OkDataAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(2));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Save_WithId_RenamesKeepingCreatedTimeAndReportsAttachCount()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Old name");
        await UploadPdfAsync(client, "a", id);
        await UploadPdfAsync(client, "b", id);
        await ExecuteAsync($"update attachment_categories set created_time = '2025-01-01T00:00:00Z', updated_time = '2025-01-01T00:00:00Z' where id = {id}");

        using var response = await client.PostAsJsonAsync(SavePath, new { id, title = " New name " });

        var data = await OkDataAsync(response);
        var old = DateTimeOffset.Parse("2025-01-01T00:00:00Z").ToUnixTimeSeconds();
        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(id));
            Assert.That(data.GetProperty("title").GetString(), Is.EqualTo("New name"));
            Assert.That(data.GetProperty("attach_count").GetInt32(), Is.EqualTo(2));
            Assert.That(data.GetProperty("created_time").GetInt64(), Is.EqualTo(old));
            Assert.That(data.GetProperty("updated_time").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(await QueryScalarAsync<string>("select title from attachment_categories where id = @id", ("id", id)), Is.EqualTo("New name"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Save_SameTitleAgain_LeavesUpdatedTimeAlone()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Stable");
        await ExecuteAsync($"update attachment_categories set updated_time = '2025-01-01T00:00:00Z' where id = {id}");

        using var response = await client.PostAsJsonAsync(SavePath, new { id, title = "Stable" });

        var data = await OkDataAsync(response);
        Assert.That(data.GetProperty("updated_time").GetInt64(), Is.EqualTo(DateTimeOffset.Parse("2025-01-01T00:00:00Z").ToUnixTimeSeconds()));
    }

    [Test]
    public async Task Save_TitleOfExactlyMaxLengthInAnyLanguage_IsAccepted()
    {
        var client = await LoggedInClientAsync();
        var title = string.Concat(Enumerable.Repeat("Фото照片", 17))[..100];

        var data = await CreateCategoryAsync(client, title);

        Assert.That(data.GetProperty("title").GetString(), Is.EqualTo(title));
    }

    [Test]
    public async Task Save_UnknownId_Returns404AndCreatesNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(SavePath, new { id = 42, title = "Ghost" });

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("42"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
        });
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public async Task Save_MissingOrBlankTitle_Returns400NamingTitle(string? title)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(SavePath, new { title });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("title"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
        });
    }

    [Test]
    public async Task Save_TitleLongerThan100_Returns400NamingTitle()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(SavePath, new { title = new string('x', 101) });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("title").And.Contain("100"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
        });
    }

    [TestCase("tab\there")]
    [TestCase("line\nbreak")]
    [TestCase("nul\0byte")]
    [TestCase("escape\u001b[31m")]
    [TestCase("bidi\u202Egpj.exe")]
    [TestCase("line\u2028separator")]
    public async Task Save_TitleWithControlCharacters_Returns400(string title)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(SavePath, new { title });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("title"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
        });
    }

    [Test]
    public async Task Save_TitleWithLoneSurrogate_Returns400()
    {
        var client = await LoggedInClientAsync();
        using var content = new StringContent("""{"title":"broken \ud800 text"}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(SavePath, content);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("title"));
    }

    [Test]
    public async Task Save_NegativeId_Returns400NamingId()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(SavePath, new { id = -1, title = "Negative" });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("id"));
    }

    [Test]
    public async Task Save_MalformedJson_Returns400()
    {
        var client = await LoggedInClientAsync();
        using var content = new StringContent("""{"id":"one","title":""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(SavePath, content);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
    }

    [Test]
    public async Task Save_WithoutToken_Returns401With1001()
    {
        using var response = await Client.PostAsJsonAsync(SavePath, new { title = "Anonymous" });

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
    }

    [Test]
    public async Task Save_UserWithoutManagePermission_Returns403With1002()
    {
        using var client = await ClientOfUserWithAsync("attachment.upload", "attachment.delete");

        using var response = await client.PostAsJsonAsync(SavePath, new { title = "Not mine to make" });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.manage"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
        });
    }

    [Test]
    public async Task Save_UserWithOnlyManagePermission_IsAccepted()
    {
        using var client = await ClientOfUserWithAsync("attachment.manage");

        var data = await CreateCategoryAsync(client, "Managed");

        Assert.That(data.GetProperty("title").GetString(), Is.EqualTo("Managed"));
    }
}
