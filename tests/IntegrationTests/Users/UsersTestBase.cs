using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Auth;

namespace Attachments.IntegrationTests.Users;

public abstract class UsersTestBase : AuthTestBase
{
    protected const string Password = "user-password-123";

    protected static readonly string[] AllPermissions =
        ["attachment.upload", "attachment.manage", "attachment.delete", "users.manage"];

    private static readonly string[] UserKeys = ["id", "user_name", "permissions", "created_time", "updated_time"];

    protected static HttpClient ClientWithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client logged in as <paramref name="userName"/>, who must have <see cref="Password"/>.</summary>
    protected async Task<HttpClient> ClientForAsync(string userName, string password = Password) =>
        ClientWithToken(await LoginAsync(Client, userName, password));

    protected static Task<HttpResponseMessage> SaveAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/user/save", body);

    protected static Task<HttpResponseMessage> SaveRawAsync(HttpClient client, string json) =>
        client.PostAsync("/api/user/save", new StringContent(json, Encoding.UTF8, "application/json"));

    protected static Task<HttpResponseMessage> DeleteAsync(HttpClient client, long id) =>
        client.PostAsJsonAsync("/api/user/delete", new { id });

    /// <summary>Asserts 200 with code 0 and returns <c>data</c>.</summary>
    protected static async Task<JsonElement> OkDataAsync(HttpResponseMessage response)
    {
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.Zero, body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Is.Empty, body.ToString());
        return body.GetProperty("data");
    }

    protected static async Task<JsonElement> SaveOkAsync(HttpClient client, object body)
    {
        using var response = await SaveAsync(client, body);
        return await OkDataAsync(response);
    }

    /// <summary>Asserts the user object carries exactly the documented fields.</summary>
    protected static void AssertIsUserObject(JsonElement user) =>
        Assert.That(user.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(UserKeys), user.ToString());

    protected static string[] PermissionsIn(JsonElement user) =>
        [.. user.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!)];

    protected static Task<string[]> PermissionsOfAsync(long id) =>
        QueryScalarAsync<string[]>("select permissions from users where id = @id", ("id", id));

    protected static Task<long> UsersNamedAsync(string userName) =>
        QueryScalarAsync<long>("select count(*) from users where user_name = @name", ("name", userName));

    protected static Task<long> UserManagersAsync() =>
        QueryScalarAsync<long>("select count(*) from users where 'users.manage' = any(permissions)");

    protected static Task<string> PasswordHashOfAsync(long id) =>
        QueryScalarAsync<string>("select password_hash from users where id = @id", ("id", id));

    protected static Task<DateTime> TimeOfAsync(long id, string column) =>
        QueryScalarAsync<DateTime>($"select {column} from users where id = @id", ("id", id));

    protected static long UnixSeconds(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds();
}
