using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Attachments;

/// <summary>
/// Delete moves attachments to the trash (rows out of attachments, files under trash/&lt;id&gt;/), where nothing lists,
/// serves or de-duplicates them; restore brings them back where they were; the purge and permanent deletes end them.
/// </summary>
public sealed class TrashTests : IntegrationTestBase
{
    [Test]
    public async Task Delete_MovesTheAttachmentToTheTrash_WhereNothingListsServesOrCountsIt()
    {
        var client = await LoggedInClientAsync();
        var category = await CreateCategoryAsync(client, "Harbour");
        var photo = await UploadOkAsync(client, TestPhotos.Gradient(1200, 800), "harbour.jpg", ("category_id", category.ToString()));
        var kept = await UploadOkAsync(client, TestFiles.Pdf(), "kept.pdf");
        var location = photo.GetProperty("file_location").GetString()!;
        var sizeUrl = photo.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!;
        using (var size = await client.GetAsync(PathOf(sizeUrl)))
            Assert.That(size.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the size is made before the delete");

        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });

        var list = await GetOkAsync(client, "/api/attachment/list");
        var trash = await GetOkAsync(client, "/api/attachment/list?trashed=1");
        var categories = await GetOkAsync(client, "/api/attachment/category/list");
        Assert.Multiple(async () =>
        {
            Assert.That(Ids(list), Is.EqualTo(new[] { kept.GetProperty("id").GetInt64() }));
            Assert.That(list.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(categories.GetProperty("data").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == category).GetProperty("attach_count").GetInt64(), Is.Zero);
            Assert.That(Ids(trash), Is.EqualTo(new[] { 1L }));
            Assert.That(trash.GetProperty("total").GetInt64(), Is.EqualTo(1));
            var trashed = trash.GetProperty("data")[0];
            Assert.That(trashed.GetProperty("file_location").GetString(), Is.EqualTo(location));
            Assert.That(trashed.GetProperty("category_id").GetInt64(), Is.EqualTo(category));
            Assert.That(trashed.GetProperty("deleted_time").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(trashed.GetProperty("logo").GetString(), Is.Empty, "nothing serves a trashed file");
            Assert.That(trashed.GetProperty("sizes").EnumerateObject(), Is.Empty);
            Assert.That(trashed.GetProperty("blurhash").GetString(), Is.EqualTo(photo.GetProperty("blurhash").GetString()));
            Assert.That(kept.GetProperty("deleted_time").ValueKind, Is.EqualTo(JsonValueKind.Null));
            foreach (var url in new[] { photo.GetProperty("logo").GetString()!, photo.GetProperty("thumb").GetString()!, sizeUrl })
            {
                using var served = await client.GetAsync(PathOf(url));
                Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            }

            using var detail = await client.GetAsync("/api/attachment/detail?id=1");
            Assert.That(detail.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_derivatives"), Is.Zero, "derivatives go");
            Assert.That(Storage.Files().Where(f => !f.StartsWith('.')), Is.EquivalentTo(new[]
            {
                $"trash/1/{location}",
                $"trash/1/{StorageConsistency.ThumbOf(location)}",
                kept.GetProperty("file_location").GetString(),
            }));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Restore_BringsTheAttachmentBackAsItWas_AtTheSameLocation()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestPhotos.Gradient(900, 600);
        var photo = await UploadOkAsync(client, bytes, "pier.jpg");
        var stored = Storage.ReadAllBytes(photo.GetProperty("file_location").GetString()!);
        await PostOkAsync(client, "/api/attachment/edit", new { id = 1, alt = "The pier", tags = new[] { "coast" }, focus_x = 0.25 });
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });

        var restored = await PostOkAsync(client, "/api/attachment/restore", new { ids = new[] { 1 } });

        var again = restored.GetProperty("data")[0];
        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("id").GetInt64(), Is.EqualTo(1));
            Assert.That(again.GetProperty("file_location").GetString(), Is.EqualTo(photo.GetProperty("file_location").GetString()));
            Assert.That(again.GetProperty("logo").GetString(), Is.EqualTo(photo.GetProperty("logo").GetString()));
            Assert.That(again.GetProperty("alt").GetString(), Is.EqualTo("The pier"));
            Assert.That(again.GetProperty("tags")[0].GetString(), Is.EqualTo("coast"));
            Assert.That(again.GetProperty("focus_x").GetDouble(), Is.EqualTo(0.25));
            Assert.That(again.GetProperty("created_time").GetInt64(), Is.EqualTo(photo.GetProperty("created_time").GetInt64()));
            Assert.That(again.GetProperty("deleted_time").ValueKind, Is.EqualTo(JsonValueKind.Null));
            using var file = await client.GetAsync(PathOf(photo.GetProperty("logo").GetString()!));
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(stored));
            using var thumb = await client.GetAsync(PathOf(photo.GetProperty("thumb").GetString()!));
            Assert.That(thumb.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var size = await client.GetAsync(PathOf(again.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!));
            Assert.That(size.StatusCode, Is.EqualTo(HttpStatusCode.OK), "sizes are made again on request");
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?q=pier")), Is.EqualTo(new[] { 1L }), "searchable again");
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1")), Is.Empty);
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Restore_OfAPrivateAttachment_KeepsItPrivate()
    {
        var client = await LoggedInClientAsync();
        var photo = await UploadOkAsync(client, TestPhotos.Gradient(400, 300), "secret.jpg", ("visibility", "private"));
        var location = photo.GetProperty("file_location").GetString()!;
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });
        Assert.That(Storage.Exists($"trash/1/private/{location}"), Is.True);

        var again = (await PostOkAsync(client, "/api/attachment/restore", new { id = 1 })).GetProperty("data")[0];

        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("visibility").GetString(), Is.EqualTo("private"));
            Assert.That(Storage.Exists($"private/{location}"), Is.True);
            Assert.That(Storage.Exists(location), Is.False);
            using var anonymous = Factory.CreateClient(new WebApplicationFactoryClientOptions());
            using var plain = await anonymous.GetAsync("/" + location);
            Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            using var signed = await anonymous.GetAsync(PathOf(again.GetProperty("logo").GetString()!));
            Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task UploadOfTrashedBytes_MakesANewAttachment_AndRestoringTheOldOneThenAnswers409()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf("same"), "first.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });

        var second = await UploadOkAsync(client, TestFiles.Pdf("same"), "second.pdf");
        var refused = await PostAsync(client, "/api/attachment/restore", new { ids = new[] { 1 } }, expectedStatus: 409);

        Assert.Multiple(async () =>
        {
            Assert.That(second.GetProperty("id").GetInt64(), Is.EqualTo(2), "a trashed md5 does not de-duplicate");
            Assert.That(refused.GetProperty("code").GetInt32(), Is.Not.Zero);
            Assert.That(refused.GetProperty("msg").GetString(), Does.Contain("attachment 2").And.Contain("permanent"));
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1")), Is.EqualTo(new[] { 1L }), "still in the trash");
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list")), Is.EqualTo(new[] { 2L }));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Restore_WhenAnotherAttachmentNowHoldsTheLocation_Answers409AndRestoresNothing()
    {
        var client = await LoggedInClientAsync();
        var first = await UploadOkAsync(client, TestFiles.Pdf("1"), "a.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("2"), "b.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("3"), "c.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 3 } });
        var location = first.GetProperty("file_location").GetString()!;
        await PostOkAsync(client, "/api/attachment/edit", new { id = 2, file_location = location });

        var refused = await PostAsync(client, "/api/attachment/restore", new { ids = new[] { 1, 3 } }, expectedStatus: 409);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.GetProperty("msg").GetString(), Does.Contain(location).And.Contain("attachment 2"));
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1")), Is.EquivalentTo(new[] { 1L, 3L }), "all or none");
            Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(TestFiles.Pdf("2")));
            Assert.That(Storage.ReadAllBytes($"trash/1/{location}"), Is.EqualTo(TestFiles.Pdf("1")));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task TwoTrashedAttachmentsOnceAtOneLocation_KeepTheirOwnBytes()
    {
        var client = await LoggedInClientAsync();
        var first = await UploadOkAsync(client, TestFiles.Pdf("1"), "a.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("2"), "b.pdf");
        var location = first.GetProperty("file_location").GetString()!;
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });
        await PostOkAsync(client, "/api/attachment/edit", new { id = 2, file_location = location });
        await PostOkAsync(client, "/api/attachment/delete", new { id = 2 });

        Assert.Multiple(() =>
        {
            Assert.That(Storage.ReadAllBytes($"trash/1/{location}"), Is.EqualTo(TestFiles.Pdf("1")));
            Assert.That(Storage.ReadAllBytes($"trash/2/{location}"), Is.EqualTo(TestFiles.Pdf("2")));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task DeleteOfATrashedId_Answers404ThatSaysSo_AndPermanentDeletesItForEver()
    {
        var client = await LoggedInClientAsync();
        var photo = await UploadOkAsync(client, TestPhotos.Gradient(300, 200), "a.jpg");
        await UploadOkAsync(client, TestFiles.Pdf(), "b.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });

        var again = await PostAsync(client, "/api/attachment/delete", new { id = 1 }, expectedStatus: 404);
        await PostOkAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 2 }, permanent = true });

        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("msg").GetString(), Does.Contain("already in the trash").And.Contain("permanent"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from trashed_attachments"), Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero, "a library attachment with permanent skips the trash");
            Assert.That(Storage.Files().Where(f => !f.StartsWith('.')), Is.Empty);
            var restore = await PostAsync(client, "/api/attachment/restore", new { id = 1 }, expectedStatus: 404);
            Assert.That(restore.GetProperty("msg").GetString(), Does.Contain("trash holds no attachment"));
            Assert.That(photo.GetProperty("id").GetInt64(), Is.EqualTo(1));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task WithTrashRetentionZero_DeleteRemovesRowsAndFilesAtOnce()
    {
        var instance = InstanceWith(("Attachments:TrashRetention", "00:00:00"));
        using var client = await LoggedInClientAsync(instance);
        await UploadOkAsync(client, TestPhotos.Gradient(300, 200), "a.jpg");

        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });

        Assert.Multiple(async () =>
        {
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from trashed_attachments"), Is.Zero);
            Assert.That(Storage.Files().Where(f => !f.StartsWith('.')), Is.Empty);
        });
    }

    [Test]
    public async Task Purge_DeletesForEverWhatOutlivedTheRetention_AndKeepsTheRest()
    {
        var client = await LoggedInClientAsync();
        var old = await UploadOkAsync(client, TestPhotos.Gradient(300, 200), "old.jpg");
        await UploadOkAsync(client, TestFiles.Pdf(), "recent.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 2 } });
        await ExecuteAsync("update trashed_attachments set deleted_time = now() - interval '31 days' where id = 1");

        // Another instance with the default 30 days, purging five times a second.
        // A factory starts its host on first use: the client starts it, and with it the purger.
        using var purging = InstanceWith(("Attachments:TrashPurgeInterval", "00:00:00.200")).CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && await QueryScalarAsync<long>("select count(*) from trashed_attachments where id = 1") > 0)
            await Task.Delay(100);

        var location = old.GetProperty("file_location").GetString()!;
        Assert.Multiple(async () =>
        {
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1")), Is.EqualTo(new[] { 2L }));
            Assert.That(Storage.Exists($"trash/1/{location}"), Is.False);
            Assert.That(Storage.Exists($"trash/1/{StorageConsistency.ThumbOf(location)}"), Is.False);
        });
        await StorageConsistency.AssertHoldsWithinAsync(TestEnvironment.ConnectionString, Storage, TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Restore_IntoACategoryDeletedMeanwhile_LeavesItUncategorised()
    {
        var client = await LoggedInClientAsync();
        var category = await CreateCategoryAsync(client, "Gone soon");
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf", ("category_id", category.ToString()));
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });
        await PostOkAsync(client, "/api/attachment/category/delete", new { id = category });

        var again = (await PostOkAsync(client, "/api/attachment/restore", new { id = 1 })).GetProperty("data")[0];

        Assert.That(again.GetProperty("category_id").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task TrashList_FiltersByNameTypeAndCategory_AndRefusesWhatItCannotDo()
    {
        var client = await LoggedInClientAsync();
        var category = await CreateCategoryAsync(client, "Docs");
        await UploadOkAsync(client, TestPhotos.Gradient(300, 200), "lighthouse.jpg");
        await UploadOkAsync(client, TestFiles.Pdf("1"), "Lighthouse keeper.pdf", ("category_id", category.ToString()));
        await UploadOkAsync(client, TestFiles.Pdf("2"), "other.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { ids = new[] { 1, 2, 3 } });

        Assert.Multiple(async () =>
        {
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1&q=LIGHTHOUSE")), Is.EquivalentTo(new[] { 1L, 2L }));
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=1&type=image")), Is.EqualTo(new[] { 1L }));
            Assert.That(Ids(await GetOkAsync(client, $"/api/attachment/list?trashed=1&category_id={category}")), Is.EqualTo(new[] { 2L }));
            var page = await GetOkAsync(client, "/api/attachment/list?trashed=1&pageSize=2&current=2");
            Assert.That(page.GetProperty("data").GetArrayLength(), Is.EqualTo(1));
            Assert.That(page.GetProperty("total").GetInt64(), Is.EqualTo(3));
            Assert.That(Ids(await GetOkAsync(client, "/api/attachment/list?trashed=0")), Is.Empty);
            foreach (var bad in new[] { "trashed=yes", "trashed=1&cursor=abc", "trashed=1&pageSize=0" })
            {
                using var response = await client.GetAsync($"/api/attachment/list?{bad}");
                var body = await ReadJsonAsync(response);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), bad);
                Assert.That(body.GetProperty("msg").GetString(), Is.Not.Empty, bad);
            }
        });
    }

    [Test]
    public async Task Restore_NeedsTheDeletePermission_AndIds()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");
        await PostOkAsync(client, "/api/attachment/delete", new { id = 1 });
        await CreateUserAsync("uploader", "uploader-password", "attachment.upload");
        using var uploader = Factory.CreateClient();
        uploader.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(uploader, "uploader", "uploader-password"));

        using var forbidden = await uploader.PostAsJsonAsync("/api/attachment/restore", new { id = 1 });
        await PostAsync(client, "/api/attachment/restore", new { ids = Array.Empty<long>() }, expectedStatus: 400);

        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await QueryScalarAsync<long>("select count(*) from trashed_attachments"), Is.EqualTo(1));
    }

    private static async Task<long> CreateCategoryAsync(HttpClient client, string title) =>
        (await PostOkAsync(client, "/api/attachment/category/detail", new { title })).GetProperty("data").GetProperty("id").GetInt64();

    private static long[] Ids(JsonElement page) =>
        [.. page.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetInt64())];

    private static string PathOf(string url) => new Uri(new Uri("http://localhost"), url).PathAndQuery;

    private static async Task<JsonElement> GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {body}");
        return body;
    }

    private static Task<JsonElement> PostOkAsync(HttpClient client, string path, object payload) => PostAsync(client, path, payload, 200);

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object payload, int expectedStatus)
    {
        using var response = await client.PostAsJsonAsync(path, payload);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus), $"{path}: {body}");
        return body;
    }
}
