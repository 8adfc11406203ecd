using System.Net.Http.Headers;
using System.Net.Http.Json;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Attachments.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Auth;

public abstract class AuthTestBase : IntegrationTestBase
{
    protected static string HashOf(string password)
    {
        var hasher = Factory.Services.GetRequiredService<IPasswordHasher>();
        return hasher.Hash(new User(), password);
    }

    protected static Task<long> CreateUserAsync(string userName, string password, params string[] permissions) =>
        QueryScalarAsync<long>(
            """
            insert into users (user_name, password_hash, permissions, created_time, updated_time)
            values (@name, @hash, @permissions, now(), now()) returning id
            """,
            ("name", userName), ("hash", HashOf(password)), ("permissions", permissions));

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
