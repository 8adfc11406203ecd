using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Auth;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Categories;

public abstract class CategoryTestBase : AuthTestBase
{
    protected const string ListPath = "/api/attachment/category/list";
    protected const string SavePath = "/api/attachment/category/detail";
    protected const string DeletePath = "/api/attachment/category/delete";
    protected const string MovePath = "/api/attachment/category";

    private const string Password = "category-tests-password";

    /// <summary>A client logged in as a new user holding only the given permissions.</summary>
    protected async Task<HttpClient> ClientOfUserWithAsync(params string[] permissions)
    {
        var userName = "user" + Guid.NewGuid().ToString("N")[..8];
        await CreateUserAsync(userName, Password, permissions);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client, userName, Password));
        return client;
    }

    protected static async Task<JsonElement> OkDataAsync(HttpResponseMessage response)
    {
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Is.Empty, body.ToString());
        return body.GetProperty("data");
    }

    protected static async Task<JsonElement> CreateCategoryAsync(HttpClient client, string title)
    {
        using var response = await client.PostAsJsonAsync(SavePath, new { title });
        return await OkDataAsync(response);
    }

    protected static async Task<long> CreateCategoryIdAsync(HttpClient client, string title) =>
        (await CreateCategoryAsync(client, title)).GetProperty("id").GetInt64();

    protected static async Task<long> UploadPdfAsync(HttpClient client, string text, long? categoryId = null)
    {
        var fields = categoryId is { } id ? new[] { ("category_id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)) } : [];
        var data = await UploadOkAsync(client, TestFiles.Pdf(text), text + ".pdf", fields);
        return data.GetProperty("id").GetInt64();
    }

    protected static async Task<JsonElement> MoveOkAsync(HttpClient client, long categoryId, params long[] ids)
    {
        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = categoryId, ids });
        return await OkDataAsync(response);
    }

    /// <summary>attach_count of every category as the list reports it, by id.</summary>
    protected static async Task<Dictionary<long, int>> AttachCountsAsync(HttpClient client)
    {
        using var response = await client.GetAsync(ListPath);
        var data = await OkDataAsync(response);
        return data.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt64(), c => c.GetProperty("attach_count").GetInt32());
    }

    /// <summary>The attachment's category as a DBA sees it, 0 for NULL.</summary>
    protected static Task<long> CategoryOfAsync(long attachmentId) =>
        QueryScalarAsync<long>("select coalesce(category_id, 0) from attachments where id = @id", ("id", attachmentId));
}
