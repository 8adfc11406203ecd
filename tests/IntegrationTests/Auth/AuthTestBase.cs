using System.Net.Http.Headers;
using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Auth;

public abstract class AuthTestBase : IntegrationTestBase
{
    protected static Task<long> CountUsersAsync() => QueryScalarAsync<long>("select count(*) from users");

    protected static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/login", new { user_name = userName, password });

    protected static async Task<HttpResponseMessage> UploadWithTokenAsync(string token)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await UploadAsync(client, TestFiles.Pdf(), "report.pdf");
    }
}
