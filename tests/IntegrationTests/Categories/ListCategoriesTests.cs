using System.Text.Json;
using Attachments.IntegrationTests.Envelope;

namespace Attachments.IntegrationTests.Categories;

public sealed class ListCategoriesTests : CategoryTestBase
{
    [Test]
    public async Task List_NoCategories_ReturnsEmptyArrayWithTotalAndLimitZero()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync(ListPath);

        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "code", "msg", "data", "total", "limit" }));
            Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(body.GetProperty("data").GetArrayLength(), Is.Zero);
            Assert.That(body.GetProperty("total").GetInt64(), Is.Zero);
            Assert.That(body.GetProperty("limit").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task List_Categories_ReturnsEveryFieldOrderedByIdHiddenOnesIncluded()
    {
        var client = await LoggedInClientAsync();
        await CreateCategoryAsync(client, "Banners");
        await CreateCategoryAsync(client, "Avatars");
        await ExecuteAsync(
            "update attachment_categories set status = 0, created_time = '2025-01-02T03:04:05Z', updated_time = '2025-06-07T08:09:10Z' where id = 2");

        using var response = await client.GetAsync(ListPath);

        var body = await ReadJsonAsync(response);
        var data = body.GetProperty("data").EnumerateArray().ToList();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(2));
            Assert.That(body.GetProperty("limit").GetInt32(), Is.EqualTo(2));
            Assert.That(data.Select(c => c.GetProperty("id").GetInt64()), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(data[0].EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "id", "title", "attach_count", "status", "created_time", "updated_time" }));
            Assert.That(data[0].GetProperty("title").GetString(), Is.EqualTo("Banners"));
            Assert.That(data[0].GetProperty("attach_count").GetInt32(), Is.Zero);
            Assert.That(data[0].GetProperty("status").GetInt32(), Is.EqualTo(1));
            Assert.That(data[0].GetProperty("created_time").GetInt64(), Is.EqualTo(now).Within(60));
            Assert.That(data[1].GetProperty("title").GetString(), Is.EqualTo("Avatars"));
            Assert.That(data[1].GetProperty("status").GetInt32(), Is.Zero);
            Assert.That(data[1].GetProperty("created_time").GetInt64(), Is.EqualTo(DateTimeOffset.Parse("2025-01-02T03:04:05Z").ToUnixTimeSeconds()));
            Assert.That(data[1].GetProperty("updated_time").GetInt64(), Is.EqualTo(DateTimeOffset.Parse("2025-06-07T08:09:10Z").ToUnixTimeSeconds()));
        });
    }

    [Test]
    public async Task List_AttachCount_CountsUploadsPerCategory()
    {
        var client = await LoggedInClientAsync();
        var photos = await CreateCategoryIdAsync(client, "Photos");
        var documents = await CreateCategoryIdAsync(client, "Documents");
        var empty = await CreateCategoryIdAsync(client, "Empty");
        await UploadPdfAsync(client, "a", photos);
        await UploadPdfAsync(client, "b", photos);
        await UploadPdfAsync(client, "c", documents);
        await UploadPdfAsync(client, "uncategorised");
        await UploadPdfAsync(client, "zero", 0);

        var counts = await AttachCountsAsync(client);

        Assert.That(counts, Is.EqualTo(new Dictionary<long, int> { [photos] = 2, [documents] = 1, [empty] = 0 }));
    }

    [Test]
    public async Task List_AttachCount_FollowsMovesBetweenCategoriesAndToNone()
    {
        var client = await LoggedInClientAsync();
        var first = await CreateCategoryIdAsync(client, "First");
        var second = await CreateCategoryIdAsync(client, "Second");
        var a = await UploadPdfAsync(client, "a", first);
        var b = await UploadPdfAsync(client, "b", first);
        var c = await UploadPdfAsync(client, "c");

        await MoveOkAsync(client, second, a, c);
        var afterMove = await AttachCountsAsync(client);
        await MoveOkAsync(client, 0, a, b);
        var afterMoveToNone = await AttachCountsAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(afterMove, Is.EqualTo(new Dictionary<long, int> { [first] = 1, [second] = 2 }));
            Assert.That(afterMoveToNone, Is.EqualTo(new Dictionary<long, int> { [first] = 0, [second] = 1 }));
        });
    }

    [Test]
    public async Task List_AttachCount_FollowsReuploadOfSameBytesIntoAnotherCategory()
    {
        var client = await LoggedInClientAsync();
        var first = await CreateCategoryIdAsync(client, "First");
        var second = await CreateCategoryIdAsync(client, "Second");
        var id = await UploadPdfAsync(client, "same", first);

        var again = await UploadPdfAsync(client, "same", second);

        var counts = await AttachCountsAsync(client);
        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.EqualTo(id), "the same bytes are the same attachment");
            Assert.That(counts, Is.EqualTo(new Dictionary<long, int> { [first] = 0, [second] = 1 }));
            Assert.That(await CategoryOfAsync(id), Is.EqualTo(second));
        });
    }

    [Test]
    public async Task List_AttachCount_FollowsRowsChangedDirectlyInSql()
    {
        var client = await LoggedInClientAsync();
        var first = await CreateCategoryIdAsync(client, "First");
        var second = await CreateCategoryIdAsync(client, "Second");
        var a = await UploadPdfAsync(client, "a", first);
        var b = await UploadPdfAsync(client, "b", first);
        await UploadPdfAsync(client, "c", second);
        Assert.That(await AttachCountsAsync(client), Is.EqualTo(new Dictionary<long, int> { [first] = 2, [second] = 1 }));

        await ExecuteAsync($"delete from attachments where id = {a}");
        await ExecuteAsync($"update attachments set category_id = {second} where id = {b}");

        Assert.That(await AttachCountsAsync(client), Is.EqualTo(new Dictionary<long, int> { [first] = 0, [second] = 2 }));
    }

    [Test]
    public async Task List_UserWithNoPermissions_IsAllowedBecauseLoginIsEnough()
    {
        var admin = await LoggedInClientAsync();
        await CreateCategoryAsync(admin, "Visible to everyone logged in");
        using var client = await ClientOfUserWithAsync();

        using var response = await client.GetAsync(ListPath);

        var data = await OkDataAsync(response);
        Assert.That(data.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task List_WithoutToken_Returns401With1001()
    {
        using var response = await Client.GetAsync(ListPath);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }
}
