using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Attachments.IntegrationTests.Observability;

public sealed class RequestIdLogTests : IntegrationTestBase
{
    [Test]
    public async Task Logs_EveryLineWhileServingAFailingAndASuccessfulUpload_CarriesThatRequestsId()
    {
        var logs = new JsonLogCapture();
        var settings = FactoryWith(
            ("Logging:LogLevel:Default", "Debug"),
            ("Logging:LogLevel:Microsoft.AspNetCore", "Debug"),
            ("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Debug"),
            // Every line logged while a request runs is judged, so the background loops (they belong to no request)
            // wait out the test instead of polling into its window.
            ("Jobs:PollInterval", "01:00:00"),
            ("Storage:SweepInterval", "01:00:00"),
            ("DirectUploads:SweepInterval", "01:00:00"));
        await using var factory = settings.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        logs.Formatter = factory.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));

        var failing = await UploadWithIdAsync(client, logs, "failing-upload-1", Encoding.ASCII.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>"), "page.html", 415);
        var succeeding = await UploadWithIdAsync(client, logs, "successful-upload-2", File.ReadAllBytes(Fixtures.Image("camera/DSCN0010.jpg")), "photo.jpg", 200);

        Assert.Multiple(() =>
        {
            foreach (var (id, lines) in new[] { ("failing-upload-1", failing), ("successful-upload-2", succeeding) })
            {
                Assert.That(lines, Has.Count.GreaterThan(5), $"{id}: the capture sees the request's lines");
                Assert.That(lines, Has.Some.Contains("Executed DbCommand"), $"{id}: EF Core's lines are among them");
                foreach (var line in lines)
                {
                    Assert.That(JsonLogCapture.RequestIdsOf(line), Is.Not.Empty.And.All.EqualTo(id), line);
                    Assert.That(Timestamp(line), Does.EndWith("Z"), "UTC timestamps");
                }
            }

            Assert.That(failing, Has.Some.Contains("\"Category\":\"Attachments.").And.Some.Contains("answered 415"), "the app's own lines");
            Assert.That(succeeding, Has.Some.Contains("Executed action").And.Some.Contains("Request finished"), "the framework's lines");
        });
    }

    [TestCase(null, 401, TestName = "{m}(no token: 401)")]
    [TestCase("not-a-token", 401, TestName = "{m}(a bad token: 401)")]
    public async Task Logs_ARefusalBeforeAnyController_WithItsRequestIdAndStatus(string? token, int status)
    {
        var logs = new JsonLogCapture();
        var settings = FactoryWith(("Logging:LogLevel:Default", "Information"));
        await using var factory = settings.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        logs.Formatter = factory.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/attachment/list");
        request.Headers.Add("X-Request-Id", "refused-request-7");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        var line = logs.Lines.SingleOrDefault(l => l.Contains($"answered {status}", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, string.Join("\n", logs.Lines));
        Assert.That(JsonLogCapture.RequestIdsOf(line!), Is.Not.Empty.And.All.EqualTo("refused-request-7"), line);
    }

    /// <summary>Uploads with an X-Request-Id and returns the log lines from the request's start to its end.</summary>
    private static async Task<IReadOnlyList<string>> UploadWithIdAsync(
        HttpClient client, JsonLogCapture logs, string requestId, byte[] content, string fileName, int expectedStatus)
    {
        // The host logs "Request finished" after the client already has the response: let the previous request end first.
        await UntilAsync(() => Count(logs, "Request starting") == Count(logs, "Request finished"), "earlier requests to finish logging");
        // Its request services (the DbContext among them) are disposed after that line, outside the request's scope.
        await UntilQuietAsync(logs);
        var start = logs.Lines.Count;
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", fileName);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachment/upload") { Content = form };
            request.Headers.Add("X-Request-Id", requestId);
            using var response = await client.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.EqualTo(requestId));
        }

        await UntilAsync(() => Count(logs, "Request finished", start) == 1, "this request to finish logging");
        var lines = logs.Lines.Skip(start).ToList();
        Assert.That(lines[0], Does.Contain("Request starting"), "the window opens with the request");
        return lines[..(lines.FindIndex(l => IsHostingLine(l, "Request finished")) + 1)];
    }

    private static int Count(JsonLogCapture logs, string hostingMessage, int skip = 0) =>
        logs.Lines.Skip(skip).Count(l => IsHostingLine(l, hostingMessage));

    private static bool IsHostingLine(string line, string message) =>
        line.Contains("\"Category\":\"Microsoft.AspNetCore.Hosting.Diagnostics\"", StringComparison.Ordinal)
        && line.Contains("\"Message\":\"" + message, StringComparison.Ordinal);

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"waited 30 s for {what}");
            await Task.Delay(20);
        }
    }

    private static async Task UntilQuietAsync(JsonLogCapture logs)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var seen = -1; seen != logs.Lines.Count; await Task.Delay(300))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "waited 30 s for the log to go quiet");
            seen = logs.Lines.Count;
        }
    }

    private static string Timestamp(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("Timestamp").GetString()!;
    }
}
