using System.Text.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Npgsql;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// A request that takes longer than <c>Server:RequestTimeout</c> is answered 503 in its dialect's envelope. The
/// database is made to hang by a table lock held in the test, so the handler really waits.
/// </summary>
public sealed class RequestTimeoutTests : IntegrationTestBase
{
    private const string AdminOrigin = "https://admin.example.com";

    [Test]
    public async Task List_WhileTheDatabaseHangs_Returns503AfterTheRequestTimeoutAndWorksAgainAfterwards()
    {
        using var client = await TimedOutClientAsync();

        HttpResponseMessage timedOut;
        await using (await LockAttachmentsAsync())
            timedOut = await client.GetAsync("/api/attachment/list");
        var body = await ReadJsonAsync(timedOut);
        using var afterwards = await client.GetAsync("/api/attachment/list");

        Assert.Multiple(() =>
        {
            Assert.That((int)timedOut.StatusCode, Is.EqualTo(503), body.ToString());
            Assert.That(timedOut.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThan(0));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("took longer than 1 seconds"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That((int)afterwards.StatusCode, Is.EqualTo(200));
        });
        timedOut.Dispose();
    }

    [Test]
    public async Task DeleteImage_WhileTheDatabaseHangs_Returns503InTheV1Envelope()
    {
        using var client = await TimedOutClientAsync();

        HttpResponseMessage timedOut;
        await using (await LockAttachmentsAsync())
            timedOut = await client.DeleteAsync("/DeleteImage?FileName=9f86d081884c7d65.jpg");
        var body = await ReadJsonAsync(timedOut);

        Assert.Multiple(() =>
        {
            Assert.That((int)timedOut.StatusCode, Is.EqualTo(503), body.ToString());
            Assert.That(body.GetProperty("message").GetString(), Does.Contain("took longer than"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.TryGetProperty("code", out _), Is.False, "v1 envelope, not the CMS one");
        });
        timedOut.Dispose();
    }

    [Test]
    public async Task GetAllImages_StreamingForLongerThanTheRequestTimeout_IsNotCutOff()
    {
        using var client = await TimedOutClientAsync();
        await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Png, 40, 30), "a.png");

        Task<HttpResponseMessage> pending;
        await using (await LockAttachmentsAsync())
        {
            // The rows cannot be read until the lock goes, three times the request timeout later.
            pending = client.GetAsync("/GetAllImages");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        using var response = await pending;
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("data").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task List_TimedOutForAnAllowedOrigin_CarriesTheCorsHeaders()
    {
        using var client = await TimedOutClientAsync(("Cors:AllowedOrigins:0", AdminOrigin));
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        HttpResponseMessage timedOut;
        await using (await LockAttachmentsAsync())
            timedOut = await client.GetAsync("/api/attachment/list");

        Assert.Multiple(() =>
        {
            Assert.That((int)timedOut.StatusCode, Is.EqualTo(503));
            Assert.That(timedOut.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { AdminOrigin }));
        });
        timedOut.Dispose();
    }

    private async Task<HttpClient> TimedOutClientAsync(params (string Key, string? Value)[] settings)
    {
        var factory = FactoryWith([("Server:RequestTimeout", "00:00:01"), .. settings]);
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        return client;
    }

    /// <summary>Holds an exclusive lock on <c>attachments</c> until disposed: every query of the table waits.</summary>
    private static async Task<NpgsqlConnection> LockAttachmentsAsync()
    {
        var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("begin; lock table attachments in access exclusive mode", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
