using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Attachments;

public sealed class EditAndDeleteAttachmentTests : IntegrationTestBase
{
    [Test]
    public async Task Edit_FileName_RenamesOnlyTheDisplayName()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "old.pdf");

        var data = await PostOkAsync(client, "/api/attachment/edit", new { id = 1, file_name = "  Terms v2.1 \u202E " });

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("file_name").GetString(), Is.EqualTo("Terms v2.1"));
            Assert.That(data.GetProperty("file_location").GetString(), Is.EqualTo(uploaded.GetProperty("file_location").GetString()));
            Assert.That(await QueryScalarAsync<string>("select file_name from attachments where id = 1"), Is.EqualTo("Terms v2.1"));
        });
    }

    [Test]
    public async Task Edit_FileLocation_MovesTheFileAndItsThumbnail()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg")), "photo.jpg");
        var bytes = Storage.ReadAllBytes(uploaded.GetProperty("file_location").GetString()!);

        var data = await PostOkAsync(client, "/api/attachment/edit", new { id = 1, file_location = "uploads/banners/home-hero.jpg" });

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("file_location").GetString(), Is.EqualTo("uploads/banners/home-hero.jpg"));
            Assert.That(data.GetProperty("logo").GetString(), Is.EqualTo("http://localhost/uploads/banners/home-hero.jpg"));
            Assert.That(data.GetProperty("thumb").GetString(), Is.EqualTo("http://localhost/uploads/banners/thumb_home-hero.jpg"));
            Assert.That(Storage.Files(), Is.EquivalentTo(new[] { "uploads/banners/home-hero.jpg", "uploads/banners/thumb_home-hero.jpg" }));
            Assert.That(Storage.ReadAllBytes("uploads/banners/home-hero.jpg"), Is.EqualTo(bytes));
            Assert.That(await QueryScalarAsync<string>("select file_location from attachments where id = 1"), Is.EqualTo("uploads/banners/home-hero.jpg"));
            using var served = await client.GetAsync("/uploads/banners/home-hero.jpg");
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
        });
    }

    [TestCase("uploads/x/new.png", "extension")]
    [TestCase("uploads/../secret.pdf", "file_location")]
    [TestCase("../uploads/a.pdf", "file_location")]
    [TestCase("/etc/a.pdf", "file_location")]
    [TestCase("uploads/a\\b.pdf", "file_location")]
    [TestCase("uploads/.hidden/a.pdf", "file_location")]
    [TestCase("uploads/x/thumb_a.pdf", "file_location")]
    [TestCase("uploads/", "file_location")]
    public async Task Edit_FileLocationOutsideTheRules_Returns400AndMovesNothing(string location, string mentioned)
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id = 1, file_location = location });
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain(mentioned));
        Assert.That(Storage.Files(), Is.EqualTo(new[] { uploaded.GetProperty("file_location").GetString() }));
    }

    [Test]
    public async Task Edit_FileLocationOfAnotherAttachment_Returns409AndKeepsBothFiles()
    {
        var client = await LoggedInClientAsync();
        var first = await UploadOkAsync(client, TestFiles.Pdf("1"), "a.pdf");
        var second = await UploadOkAsync(client, TestFiles.Pdf("2"), "b.pdf");

        using var response = await client.PostAsJsonAsync(
            "/api/attachment/edit", new { id = 1, file_location = second.GetProperty("file_location").GetString() });

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That(Storage.ReadAllBytes(first.GetProperty("file_location").GetString()!), Is.EqualTo(TestFiles.Pdf("1")));
        Assert.That(Storage.ReadAllBytes(second.GetProperty("file_location").GetString()!), Is.EqualTo(TestFiles.Pdf("2")));
    }

    [Test]
    public async Task Edit_FileLocationWhereAStrayFileLies_Returns409AndOverwritesNothing()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");
        Storage.Write("uploads/x/taken.pdf", "not ours"u8.ToArray());

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id = 1, file_location = "uploads/x/taken.pdf" });

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That(Storage.ReadAllBytes("uploads/x/taken.pdf"), Is.EqualTo("not ours"u8.ToArray()));
    }

    [Test]
    public async Task Edit_WithNothingToChange_Returns400()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id = 1 });

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Edit_UnknownId_Returns404()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new { id = 5, file_name = "x" });

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_OneIdForEver_RemovesRowFileAndThumbnail()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");
        var kept = await UploadOkAsync(client, TestFiles.Pdf(), "kept.pdf");

        var body = await PostAsync(client, "/api/attachment/delete", new { id = 1, permanent = true }, expectedStatus: 200);

        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from trashed_attachments"), Is.Zero);
            Assert.That(Storage.Files(), Is.EqualTo(new[] { kept.GetProperty("file_location").GetString() }));
        });
    }

    [Test]
    public async Task Delete_ManyIds_RemovesThemAll()
    {
        var client = await LoggedInClientAsync();
        for (var i = 0; i < 3; i++)
            await UploadOkAsync(client, TestFiles.Pdf(i.ToString()), $"{i}.pdf");

        await PostAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 3 } }, expectedStatus: 200);

        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        Assert.That(await QueryScalarAsync<long>("select id from attachments"), Is.EqualTo(2));
        Assert.That(await QueryScalarAsync<string>("select string_agg(id::text, ',' order by id) from trashed_attachments"), Is.EqualTo("1,3"));
        Assert.That(Storage.Files().Where(f => f.StartsWith("uploads/", StringComparison.Ordinal)), Has.Exactly(1).Items);
    }

    [Test]
    public async Task Delete_WithAnUnknownIdAmongThem_Returns404AndDeletesNothing()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");

        var body = await PostAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 42 } }, expectedStatus: 404);

        Assert.That(body.GetProperty("msg").GetString(), Does.Contain("42"));
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        Assert.That(Storage.Files(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Delete_WithoutIds_Returns400()
    {
        var client = await LoggedInClientAsync();

        await PostAsync(client, "/api/attachment/delete", new { ids = Array.Empty<long>() }, expectedStatus: 400);
    }

    [Test]
    public async Task Delete_WhoseFileIsAlreadyGone_StillRemovesTheRow()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");
        Storage.Delete(uploaded.GetProperty("file_location").GetString()!);

        await PostAsync(client, "/api/attachment/delete", new { id = 1 }, expectedStatus: 200);

        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    [Test]
    public async Task Delete_WhenTheDatabaseRefuses_PutsEveryFileBack()
    {
        var client = await LoggedInClientAsync();
        var image = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");
        await UploadOkAsync(client, TestFiles.Pdf(), "b.pdf");
        var before = Storage.Files();
        await ExecuteAsync("""
            create function refuse_delete() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$;
            create trigger refuse_delete before delete on attachments for each row when (old.id = 2) execute function refuse_delete();
            """);
        try
        {
            await PostAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 2 } }, expectedStatus: 500);

            Assert.Multiple(async () =>
            {
                Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(2));
                Assert.That(Storage.Files(), Is.EqualTo(before));
                Assert.That(Storage.Exists(image.GetProperty("file_location").GetString()!), Is.True);
            });
        }
        finally
        {
            await ExecuteAsync("drop trigger refuse_delete on attachments; drop function refuse_delete();");
        }
    }

    [TestCase("/api/attachment/edit", "attachment.manage")]
    [TestCase("/api/attachment/delete", "attachment.delete")]
    public async Task EditOrDelete_WithoutThePermission_Returns403(string path, string permission)
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");
        await CreateUserAsync("uploader", "uploader-password", "attachment.upload");
        using var uploader = Factory.CreateClient();
        uploader.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(uploader, "uploader", "uploader-password"));

        var body = await PostAsync(uploader, path, new { id = 1, file_name = "x" }, expectedStatus: 403);

        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(1002));
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain(permission));
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
    }

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object payload) =>
        (await PostAsync(client, path, payload, expectedStatus: 200)).GetProperty("data");

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object payload, int expectedStatus)
    {
        using var response = await client.PostAsJsonAsync(path, payload);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus), body.ToString());
        return body;
    }
}
