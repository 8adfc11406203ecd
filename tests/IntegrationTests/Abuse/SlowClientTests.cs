using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// Clients that hold a connection open by being slow (slowloris), against real Kestrel over raw sockets. Each
/// test trickles faster than Kestrel's own defaults would tolerate, so only the configured limits can cut it off.
/// </summary>
public sealed class SlowClientTests : IntegrationTestBase
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Headers_TrickledForLongerThanTheHeaderTimeout_AreCutOffWith408()
    {
        var (_, server) = StartKestrel(("Server:RequestHeadersTimeout", "00:00:02"));
        await using var connection = await RawConnection.OpenAsync(server);
        await connection.SendAsync($"GET /health/live HTTP/1.1\r\nHost: {server.Authority}\r\nX-Slow: ");
        using var stop = new CancellationTokenSource();

        // One byte every 200 ms would take 80 s to finish the header: well past both the bound and Kestrel's default 30 s.
        var trickle = connection.TrickleAsync(Encoding.ASCII.GetBytes(new string('a', 400) + "\r\n\r\n"), 1, TimeSpan.FromMilliseconds(200), stop.Token);
        var response = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        var sent = await trickle;

        Assert.Multiple(() =>
        {
            Assert.That(RawResponse.Status(response), Is.EqualTo(408), response);
            Assert.That(sent, Is.LessThan(404), "cut off before the headers were complete");
        });
    }

    [Test]
    public async Task Connection_IdleAfterAResponse_IsClosedAfterTheKeepAliveTimeout()
    {
        var (_, server) = StartKestrel(("Server:KeepAliveTimeout", "00:00:02"));
        await using var connection = await RawConnection.OpenAsync(server);

        await connection.SendAsync($"GET /health/live HTTP/1.1\r\nHost: {server.Authority}\r\n\r\n");
        var response = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(20));

        Assert.That(RawResponse.Status(response), Is.EqualTo(200), response);
    }

    [Test]
    public async Task Upload_BodyTrickledBelowTheMinimumRate_IsCutOffAndLeavesNoTempFileAndNoRow()
    {
        var (factory, server) = StartKestrel(
            ("Server:MinRequestBodyBytesPerSecond", "5000"), ("Server:MinRequestBodyGracePeriod", "00:00:02"));
        var token = await LoginAsync(factory);
        var file = TestFiles.Pdf(new string('x', 64 * 1024));
        var upload = new SlowUpload("/api/attachment/upload", token, "slow.pdf", file.Length);
        await using var connection = await RawConnection.OpenAsync(server);
        await connection.SendAsync(upload.RequestHead(server));
        await connection.SendAsync(upload.FormHead);
        await connection.SendAsync(file[..100]);
        using var stop = new CancellationTokenSource();

        // About 1 KB/s: above Kestrel's default minimum (240 B/s), below the configured 5000 B/s.
        var trickle = connection.TrickleAsync(file[100..], 100, TimeSpan.FromMilliseconds(100), stop.Token);
        var staged = await EventuallyAsync(() => factory.Storage.Files().Any(f => f.StartsWith(".tmp/", StringComparison.Ordinal)));
        var response = await connection.ReadUntilClosedAsync(Bound);
        await stop.CancelAsync();
        var sent = await trickle;
        var cleaned = await EventuallyAsync(() => factory.Storage.Files().Count == 0);

        Assert.Multiple(async () =>
        {
            Assert.That(staged, Is.True, "the upload had started to be staged");
            Assert.That(sent, Is.LessThan(file.Length - 100), "cut off before the body was complete");
            Assert.That(RawResponse.Status(response), Is.EqualTo(408), response);
            var body = JsonDocument.Parse(RawResponse.Body(response)).RootElement;
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(cleaned, Is.True, string.Join(", ", factory.Storage.Files()));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
        });
    }

    [Test]
    public async Task Upload_SlowButSteadyForLongerThanTheRequestTimeout_Succeeds()
    {
        var (factory, server) = StartKestrel(("Server:RequestTimeout", "00:00:01"));
        var token = await LoginAsync(factory);
        var file = TestFiles.Pdf(new string('y', 24 * 1024));
        var upload = new SlowUpload("/api/attachment/upload", token, "steady.pdf", file.Length);
        await using var connection = await RawConnection.OpenAsync(server);
        await connection.SendAsync(upload.RequestHead(server));
        await connection.SendAsync(upload.FormHead);

        // About 8 KB/s for 3 s: well above the minimum body rate, three times the request timeout.
        await connection.TrickleAsync([.. file, .. upload.FormTail], 2048, TimeSpan.FromMilliseconds(250), CancellationToken.None);
        var response = await connection.ReadUntilClosedAsync(Bound);

        Assert.Multiple(async () =>
        {
            Assert.That(RawResponse.Status(response), Is.EqualTo(200), response);
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments where file_size = @size", ("size", (long)file.Length)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Download_ByAClientThatNeverReads_IsCutOffByTheMinimumResponseRate()
    {
        var (factory, server) = StartKestrel(
            ("Server:MinResponseBytesPerSecond", "10000000"), ("Server:MinResponseGracePeriod", "00:00:02"));
        const int size = 32 * 1024 * 1024;
        factory.Storage.Write("uploads/202601/01/large.pdf", new byte[size]);

        // A small receive window: the server's writes stall as soon as the socket buffers are full.
        await using var connection = await RawConnection.OpenAsync(server, receiveBufferSize: 4096);
        await connection.SendAsync($"GET /uploads/202601/01/large.pdf HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n");
        await Task.Delay(TimeSpan.FromSeconds(8));
        var received = await connection.CountUntilClosedAsync(Bound);

        Assert.That(received, Is.LessThan(size), "the server gave up on the client before sending the whole file");
    }

    [Test]
    public void StartUp_WithAGracePeriodKestrelCannotHonour_FailsNamingTheSetting()
    {
        var factory = FactoryWith(("Server:MinRequestBodyGracePeriod", "00:00:01"));

        var error = Assert.Catch(() => factory.CreateClient().Dispose());

        Assert.That(error!.ToString(), Does.Contain("Server:MinRequestBodyGracePeriod"));
    }

    private (AttachmentsApiFactory Factory, Uri Server) StartKestrel(params (string Key, string? Value)[] settings)
    {
        var factory = FactoryWith(settings);
        factory.UseKestrel(0);
        using var client = factory.CreateClient();
        return (factory, client.BaseAddress!);
    }

    private static async Task<string> LoginAsync(AttachmentsApiFactory factory)
    {
        using var client = factory.CreateClient();
        return await LoginAsync(client);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;

            await Task.Delay(50);
        }

        return true;
    }
}
