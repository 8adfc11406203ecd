using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped in the middle of a stream of uploads from several clients, then started again: the
/// real process answers 503 with Retry-After while it is gone, takes uploads again once it is back, and no
/// row or file is left without the other.
/// </summary>
public sealed class DatabaseOutageTests : ProcessTestBase
{
    private const int Clients = 4;
    private const int UploadsPerClient = 6;
    private const int MaxAttemptsPerUpload = 12;
    private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxOutage = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Uploads_WhilePostgresIsStoppedAndStarted_Answer503WithRetryAfterThenSucceedAndLeaveNothingBehind()
    {
        if (!TestEnvironment.Server.CanStopAndStart)
            Assert.Ignore($"PostgreSQL ({TestEnvironment.Server.Kind}) is managed outside the tests and cannot be stopped here.");

        // A commit cut off by the outage has an unknown outcome, so its staged files stay until they are this old
        // and no pending operation names them (an hour by default).
        var service = await StartServiceAsync(new Dictionary<string, string>
        {
            ["Storage:StagedMaxAge"] = "00:00:02",
            ["Storage:SweepInterval"] = "00:00:00.500",
        });
        var clients = new List<HttpClient>();
        for (var i = 0; i < Clients; i++)
            clients.Add(await service.LoggedInClientAsync());

        var attempts = new ConcurrentQueue<Attempt>();
        var stored = new ConcurrentQueue<Upload>();
        var phase = new Phase();
        var uploading = clients.Select((client, c) => UploadSeriesAsync(client, c, phase, attempts, stored)).ToList();

        using var probe = service.CreateClient();
        await WaitUntilAsync(() => Task.FromResult(stored.Count >= Clients), "a first round of uploads");
        await TestEnvironment.Server.StopAsync();
        phase.Current = Phase.Down;
        (int Status, string Body) readyWhileDown;
        try
        {
            var deadline = DateTime.UtcNow + MaxOutage;
            while (DateTime.UtcNow < deadline && attempts.Count(a => a.Phase == Phase.Down && a.Status == 503) < Clients)
                await Task.Delay(100);
            readyWhileDown = await ReadinessAsync(probe);
        }
        finally
        {
            await TestEnvironment.Server.StartAgainAsync();
            phase.Current = Phase.Back;
        }

        await Task.WhenAll(uploading);
        var readyAfterwards = await ReadinessAsync(probe);
        Assert.Multiple(() =>
        {
            Assert.That(readyWhileDown.Status, Is.EqualTo(503), "a load balancer takes the instance out while PostgreSQL is down");
            Assert.That(readyWhileDown.Body, Does.Contain("\"database\"").And.Contain("Unhealthy"), readyWhileDown.Body);
            Assert.That(readyAfterwards.Status, Is.EqualTo(200), "and back in once it answers: " + readyAfterwards.Body);
        });
        foreach (var client in clients)
            client.Dispose();

        await TestContext.Out.WriteLineAsync(string.Join(Environment.NewLine,
            attempts.GroupBy(a => (a.Phase, a.Status)).Select(g => $"{g.Count()} x {g.Key.Status} {g.Key.Phase}")));
        var unexpected = attempts.Where(a => a.Status is not (200 or 503)).ToList();
        var refused = attempts.Where(a => a.Status == 503).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unexpected, Is.Empty, "only 200 and 503: " + string.Join(" | ", unexpected));
            Assert.That(refused.Count(a => a.Phase == Phase.Down), Is.GreaterThanOrEqualTo(1), "uploads while PostgreSQL is down");
            Assert.That(refused.Where(a => a.RetryAfter is null or <= 0), Is.Empty, "every 503 says when to retry");
            Assert.That(refused.Where(a => !IsErrorEnvelope(a.Body)), Is.Empty, "every 503 is the CMS envelope with code -1 and a message");
            Assert.That(stored, Has.Count.EqualTo(Clients * UploadsPerClient), "every upload succeeded in the end");
        });

        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, TimeSpan.FromSeconds(30));
        foreach (var upload in stored)
        {
            var md5 = await QueryScalarAsync<string>("select file_md5 from attachments where id = @id", ("id", upload.Id));
            Assert.That(md5.Trim(), Is.EqualTo(upload.Md5), $"attachment {upload.Id} acknowledged with 200");
            Assert.That(Storage.Exists(upload.Location), Is.True, upload.Location);
        }

        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(Clients * UploadsPerClient));
    }

    /// <summary>
    /// No request runs into the outage, so the pool still holds connections PostgreSQL closed when it stopped.
    /// Npgsql finds out on first use (that request gets a 503 with Retry-After, from the token check's user
    /// lookup) and then drops its idle connections, so the next requests connect afresh.
    /// </summary>
    [Test]
    public async Task Upload_AfterPostgresRestartedWhileIdle_FailsAtMostOnceWith503ThenSucceeds()
    {
        if (!TestEnvironment.Server.CanStopAndStart)
            Assert.Ignore($"PostgreSQL ({TestEnvironment.Server.Kind}) is managed outside the tests and cannot be stopped here.");

        var service = await StartServiceAsync();
        using var client = await service.LoggedInClientAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadOkAsync(client, TestFiles.Pdf($"warm-up {i}"), $"w{i}.pdf")));

        await TestEnvironment.Server.StopAsync();
        await TestEnvironment.Server.StartAgainAsync();

        var answers = new List<(int Status, double? RetryAfter, string Body)>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await UploadAsync(client, TestFiles.Pdf($"after restart {i}"), $"a{i}.pdf");
            answers.Add(((int)response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds, await response.Content.ReadAsStringAsync()));
        }

        var first = answers[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(200).Or.EqualTo(503), first.Body);
            if (first.Status == 503)
            {
                Assert.That(first.RetryAfter, Is.GreaterThan(0));
                Assert.That(IsErrorEnvelope(first.Body), Is.True, first.Body);
            }

            Assert.That(answers.Skip(1).Select(a => a.Status), Is.All.EqualTo(200), string.Join(" | ", answers.Select(a => a.Body)));
        });
        await StorageConsistency.AssertHoldsAsync(ConnectionString, Storage);
    }

    /// <summary>
    /// The narrowest window: content staged and synced, the commit sent, and PostgreSQL stops before it is done, so
    /// the process cannot know whether the rows changed. A deferred trigger that waits for an advisory lock the test
    /// holds keeps both commits (a new upload and a replace) in that window until PostgreSQL stops. Nothing under
    /// uploads/ has changed (files change only after a commit), and the staged content, which a committed operation
    /// could have needed, goes by age once no pending operation names it.
    /// </summary>
    [Test]
    public async Task Upload_WhenPostgresStopsDuringTheCommit_Answers503AndChangesNoFile()
    {
        if (!TestEnvironment.Server.CanStopAndStart)
            Assert.Ignore($"PostgreSQL ({TestEnvironment.Server.Kind}) is managed outside the tests and cannot be stopped here.");

        var service = await StartServiceAsync(new Dictionary<string, string>
        {
            ["Storage:StagedMaxAge"] = "00:00:02",
            ["Storage:SweepInterval"] = "00:00:00.500",
        });
        using var client = await service.LoggedInClientAsync();
        var original = TestFiles.Pdf("original");
        var replaced = await UploadOkAsync(client, original, "replaced.pdf");
        var location = replaced.GetProperty("file_location").GetString()!;
        // The commits sleep in a deferred trigger until the server's shutdown ends them. (A lock held by another session
        // would be released when that session is terminated first, and a commit could then win the race and succeed.)
        await ExecuteAsync(
            """
            create function hold_commit() returns trigger language plpgsql as
              $$ begin perform pg_sleep(600); return null; end $$;
            create constraint trigger hold_commit after insert or update on attachments
              deferrable initially deferred for each row execute function hold_commit();
            """);

        var upload = UploadAsync(client, TestFiles.Pdf("new, caught in the commit"), "new.pdf");
        var replace = UploadAsync(client, TestFiles.Pdf("second version, caught in the commit"), "replaced.pdf", ("id", replaced.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));
        await WaitUntilAsync(
            async () => await QueryScalarAsync<long>("select count(*) from pg_stat_activity where wait_event = 'PgSleep'") == 2,
            "both commits to wait in the trigger");

        await TestEnvironment.Server.StopAsync();
        using var uploaded = await upload;
        using var replacedAgain = await replace;
        var answers = new[] { uploaded, replacedAgain };
        await TestEnvironment.Server.StartAgainAsync();

        Assert.Multiple(async () =>
        {
            foreach (var answer in answers)
            {
                var body = await answer.Content.ReadAsStringAsync();
                Assert.That((int)answer.StatusCode, Is.EqualTo(503), body);
                Assert.That(answer.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
                Assert.That(IsErrorEnvelope(body), Is.True, body);
            }
        });

        Assert.Multiple(async () =>
        {
            Assert.That(Storage.Md5Of(location), Is.EqualTo(Md5(original)), "the replace did not commit, and its bytes never reached uploads/");
            Assert.That(Storage.ListUnder(TestStorage.Uploads), Has.Count.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        });
        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, TimeSpan.FromSeconds(30));
    }

    /// <summary>Distinct uploads one after another; a 503 is retried after its Retry-After, a bounded number of times.</summary>
    private static async Task UploadSeriesAsync(
        HttpClient client, int clientNumber, Phase phase, ConcurrentQueue<Attempt> attempts, ConcurrentQueue<Upload> stored)
    {
        for (var i = 0; i < UploadsPerClient; i++)
        {
            var (content, name) = i % 3 == 2
                ? (GeneratedImages.TwoHalves(MagickFormat.Png, (uint)(100 + (clientNumber * 10) + i), 80), $"c{clientNumber}-{i}.png")
                : (TestFiles.Pdf($"client {clientNumber}, upload {i}"), $"c{clientNumber}-{i}.pdf");

            for (var attempt = 1; ; attempt++)
            {
                var sentIn = phase.Current;
                using var bound = new CancellationTokenSource(RequestBound);
                using var form = Form(content, name);
                HttpResponseMessage response;
                try
                {
                    response = await client.PostAsync("/api/attachment/upload", form, bound.Token);
                }
                catch (OperationCanceledException)
                {
                    attempts.Enqueue(new Attempt(sentIn, 0, null, $"no answer within {RequestBound.TotalSeconds:0} s"));
                    return;
                }

                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    var retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds;
                    attempts.Enqueue(new Attempt(sentIn, (int)response.StatusCode, retryAfter, body));
                    if ((int)response.StatusCode == 200)
                    {
                        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
                        stored.Enqueue(new Upload(
                            data.GetProperty("id").GetInt64(), data.GetProperty("file_location").GetString()!, Md5(content)));
                        break;
                    }

                    if ((int)response.StatusCode != 503 || attempt == MaxAttemptsPerUpload)
                        return;

                    await Task.Delay(TimeSpan.FromSeconds(retryAfter ?? 1));
                }
            }
        }
    }

    private static MultipartFormDataContent Form(byte[] content, string name)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static bool IsErrorEnvelope(string body)
    {
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.GetProperty("code").GetInt32() == -1
                && root.GetProperty("msg").GetString() is { Length: > 0 }
                && root.GetProperty("data").ValueKind == JsonValueKind.Null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<(int Status, string Body)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}.");

            await Task.Delay(50);
        }
    }

    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    private sealed class Phase
    {
        public const string Up = "before the outage";
        public const string Down = "while PostgreSQL was stopped";
        public const string Back = "after PostgreSQL was back";

        private volatile string _current = Up;

        public string Current
        {
            get => _current;
            set => _current = value;
        }
    }

    private sealed record Attempt(string Phase, int Status, double? RetryAfter, string Body)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Status} {Phase}: {Body[..Math.Min(Body.Length, 300)]}");
    }

    private sealed record Upload(long Id, string Location, string Md5);
}
