using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Attachments.IntegrationTests.Users;

public sealed class PasswordSecrecyTests : UsersTestBase
{
    [Test]
    public async Task PasswordsSent_NeverAppearInAnyResponseOrLogLine()
    {
        // Characters outside base64 and hex, so no token, hash or id can contain them by chance.
        var created = "Cr3ated!#Secret~1";
        var wrongGuess = "Wr0ng!#Guess~2";
        var changed = "Ch4nged!#Secret~3";
        var tooShort = "Sh0rt!#";
        var tooLong = new string('x', 1020) + "L0ng!#~4";
        var withBadPermission = "B4dPerm!#Secret~5";
        var wrongType = "Arr4y!#Secret~6";
        var duplicate = "Dupl1cate!#Secret~7";
        string[] passwords = [AttachmentsApiFactory.AdminPassword, created, wrongGuess, changed, tooShort, tooLong, withBadPermission, wrongType, duplicate];

        var logs = new CapturingLoggerProvider();
        var settings = FactoryWith(
            ("Logging:LogLevel:Default", "Debug"),
            ("Logging:LogLevel:Microsoft.AspNetCore", "Debug"),
            ("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Debug"));
        await using var factory = settings.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        var bodies = new List<string>();

        async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
        {
            var response = await send();
            bodies.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        async Task<int> StatusOfAsync(Func<Task<HttpResponseMessage>> send)
        {
            using var response = await SendAsync(send);
            return (int)response.StatusCode;
        }

        Task<HttpResponseMessage> Login(string userName, string password) =>
            client.PostAsJsonAsync("/api/login", new { user_name = userName, password });

        using (var login = await SendAsync(() => Login(AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword)))
        {
            var token = (await ReadJsonAsync(login)).GetProperty("data").GetProperty("token").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var saved = await SendAsync(() => SaveAsync(client, new { user_name = "secretive", password = created, permissions = new[] { "attachment.upload" } }));
        var id = (await OkDataAsync(saved)).GetProperty("id").GetInt64();
        var statuses = new[]
        {
            await StatusOfAsync(() => Login("secretive", created)),
            await StatusOfAsync(() => Login("secretive", wrongGuess)),
            await StatusOfAsync(() => SaveAsync(client, new { id, user_name = "secretive", password = changed, permissions = new[] { "attachment.upload" } })),
            await StatusOfAsync(() => Login("secretive", changed)),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "short", password = tooShort, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveAsync(client, new { id, user_name = "secretive", password = tooShort, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "long", password = tooLong, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "bad", password = withBadPermission, permissions = new[] { "root" } })),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "", password = withBadPermission, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "typed", password = new[] { wrongType }, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveRawAsync(client, "{\"user_name\":\"broken\",\"password\":\"" + wrongType + "\",\"permissions\":[")),
            await StatusOfAsync(() => SaveAsync(client, new { user_name = "secretive", password = duplicate, permissions = Array.Empty<string>() })),
            await StatusOfAsync(() => SaveAsync(client, new { id = 999, user_name = "ghost", password = duplicate, permissions = Array.Empty<string>() })),
        };
        Assert.That(statuses, Is.EqualTo(new[] { 200, 401, 200, 200, 400, 400, 400, 400, 400, 400, 400, 409, 404 }), string.Join("\n", bodies));

        var lines = logs.Lines;
        Assert.That(lines, Has.Some.Contains("answered 400"), "the capture sees the app's own log lines");
        Assert.That(lines, Has.Some.Contains("Executed DbCommand"), "the capture sees EF Core's command log");
        Assert.That(lines.Count, Is.GreaterThan(50), "debug logging is on");
        Assert.Multiple(() =>
        {
            foreach (var password in passwords)
            {
                var shown = password.Length > 20 ? password[^8..] : password;
                Assert.That(lines.Where(l => l.Contains(password, StringComparison.Ordinal)), Is.Empty, $"log lines containing {shown}");
                Assert.That(bodies.Where(b => b.Contains(password, StringComparison.Ordinal)), Is.Empty, $"responses containing {shown}");
            }

            Assert.That(lines.Where(l => l.Contains("L0ng!#~4", StringComparison.Ordinal)), Is.Empty, "the end of the long password");
        });
    }

    /// <summary>Keeps every log entry: its formatted message, its structured values and its exception.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                        line.Append(" | ").Append(key).Append('=').Append(value);
                }

                if (exception is not null)
                    line.Append(" | ").Append(exception);

                lines.Enqueue(line.ToString());
            }
        }
    }
}
