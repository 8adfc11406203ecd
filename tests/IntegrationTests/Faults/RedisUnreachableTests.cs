using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Faults;

/// <summary>The real process with <c>ConnectionStrings:Redis</c> naming a server that does not answer.</summary>
public sealed class RedisUnreachableTests : ProcessTestBase
{
    [Test]
    public async Task Start_WithRedisUnreachable_SaysSoStartsAndLimitsPerInstance()
    {
        var service = await StartServiceAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{RedisServer.UnusedPort()},connectTimeout=500",
            ["RateLimits:Upload:PermitLimit"] = "1",
        });
        using var client = await service.LoggedInClientAsync();

        await UploadOkAsync(client, TestFiles.Pdf("1"), "1.pdf");
        using var limited = await UploadAsync(client, TestFiles.Pdf("2"), "2.pdf");
        using var ready = await client.GetAsync("/health/ready");
        using var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var warning = await service.WaitForOutputAsync("does not answer", TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(warning, Does.Contain("\"LogLevel\":\"Warning\"").And.Contain("each instance counts the rate limits on its own"));
            Assert.That(service.Output, Does.Not.Contain("\"LogLevel\":\"Error\""), service.Output);
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), "the instance's own count still limits");
            Assert.That((int)ready.StatusCode, Is.EqualTo(200), "a lost counter store does not take the instance out of rotation");
            Assert.That(health.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        });
    }
}
