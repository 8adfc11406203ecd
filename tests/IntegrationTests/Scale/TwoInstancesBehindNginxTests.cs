using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Npgsql;

namespace Attachments.IntegrationTests.Scale;

/// <summary>
/// Issue 11's load-balancer scenario: two real API processes (<see cref="ServiceProcess"/>) on one PostgreSQL database
/// and one S3 bucket (<see cref="ScaleBucket"/>: Ceph RGW or <c>ATTACHMENTS_TEST_S3</c>), each with its own local staging
/// folder, sharing a Redis, behind nginx balancing round robin (<see cref="NginxProxy"/>). Uploads through nginx land on
/// both and are served by both; a chunked upload's parts alternate between them; a job started on one is watched on the
/// other; a rate limit counts requests to both; and SIGKILL of one instance mid-upload and mid-job leaves nothing the
/// survivor and a restarted instance do not settle, checked over the bucket (<see cref="BucketConsistency"/>).
/// </summary>
/// <remarks>
/// The scenarios share the processes (starting Ceph and two APIs is most of the fixture's time) and run in order; each
/// uses bytes of its own, and the consistency checks cover everything every scenario stored.
/// </remarks>
[TestFixture]
[Category("Scale")]
[NonParallelizable]
public sealed class TwoInstancesBehindNginxTests
{
    private const int LoginLimit = 5;
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(60);

    private readonly ServiceProcess?[] _instances = new ServiceProcess?[2];
    private readonly List<ServiceProcess> _ended = [];
    private readonly string[] _roots = new string[2];
    private ScaleBucket? _bucket;
    private RedisProcess? _redis;
    private NginxProxy? _nginx;
    private string _database = string.Empty;
    private string _connectionString = string.Empty;
    private string _token = string.Empty;
    private uint _nextImage = 200;
    private Stopwatch _clock = new();

    private NginxProxy Nginx => _nginx!;

    private ScaleBucket Bucket => _bucket!;

    private IReadOnlyList<string> Upstreams => [.. _instances.Select(i => i!.BaseAddress.Authority)];

    [OneTimeSetUp]
    public async Task StartEverythingAsync()
    {
        var clock = Stopwatch.StartNew();
        _database = "attachments_scale_" + Guid.NewGuid().ToString("N")[..12];
        var bucket = ScaleBucket.StartAsync();
        var redis = RedisProcess.StartAsync();
        var database = TestEnvironment.Server.CreateDatabaseAsync(_database);
        try
        {
            await Task.WhenAll(bucket, redis, database);
        }
        finally
        {
            // Whatever did start is stopped again by the teardown.
            _bucket = bucket.IsCompletedSuccessfully ? bucket.Result : null;
            _redis = redis.IsCompletedSuccessfully ? redis.Result : null;
        }

        _connectionString = database.Result;
        var dependencies = clock.Elapsed;

        // Both at once on the empty database, as replicas start: the shared start-up work (migrations, bootstrap admin,
        // the bucket check) runs under a lock, so one does it and the other finds it done.
        var ports = new[] { ScaleTools.FreePort(), ScaleTools.FreePort() };
        var starting = new Task<ServiceProcess>[_instances.Length];
        for (var i = 0; i < _instances.Length; i++)
        {
            _roots[i] = Directory.CreateTempSubdirectory($"attachments-scale-{i}-").FullName;
            starting[i] = ServiceProcess.StartAsync(_connectionString, _roots[i], InstanceSettings(ports[i]));
        }

        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            for (var i = 0; i < _instances.Length; i++)
                _instances[i] = starting[i].IsCompletedSuccessfully ? starting[i].Result : null;
        }

        var instances = clock.Elapsed - dependencies;
        _nginx = await NginxProxy.StartAsync(Upstreams);

        using var client = Nginx.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/login", new { user_name = ServiceProcess.AdminUserName, password = ServiceProcess.AdminPassword });
        var body = await IntegrationTestBase.ReadJsonAsync(login);
        Assert.That((int)login.StatusCode, Is.EqualTo(200), body.ToString());
        _token = body.GetProperty("data").GetProperty("token").GetString()!;

        await TestContext.Progress.WriteLineAsync(
            $"Scale fixture: {Bucket.Kind}; redis on {_redis!.Port}; PostgreSQL and S3 ready after {dependencies.TotalSeconds:0.0} s, " +
            $"two instances ({string.Join(", ", Upstreams)}) after {instances.TotalSeconds:0.0} s more, nginx on {Nginx.BaseAddress}; " +
            $"{clock.Elapsed.TotalSeconds:0.0} s in all");
    }

    [OneTimeTearDown]
    public async Task StopEverythingAsync()
    {
        foreach (var instance in _instances.Concat(_ended))
        {
            if (instance is not null)
                await instance.DisposeAsync();
        }

        if (_nginx is not null)
            await _nginx.DisposeAsync();
        if (_redis is not null)
            await _redis.DisposeAsync();
        if (_bucket is not null)
            await _bucket.DisposeAsync();

        foreach (var root in _roots.Where(r => r is not null))
            ScaleTools.DeleteQuietly(root);

        if (_database.Length > 0)
        {
            try
            {
                await TestEnvironment.Server.DropDatabaseAsync(_database);
            }
            catch (NpgsqlException)
            {
                // The cluster goes at the end of the run anyway.
            }
        }
    }

    [SetUp]
    public void StartClock() => _clock = Stopwatch.StartNew();

    [TearDown]
    public async Task ShowOutputOnFailureAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
            return;

        foreach (var instance in _instances.Concat(_ended).OfType<ServiceProcess>())
            await TestContext.Out.WriteLineAsync($"--- output of instance {instance.ProcessId} (last lines) ---{Environment.NewLine}{Tail(instance.Output, 150)}");
        if (_nginx is not null)
            await TestContext.Out.WriteLineAsync(Tail(_nginx.Output, 150));
    }

    [Test]
    [Order(1)]
    public async Task Uploads_ThroughNginx_LandOnBothInstances_AndEachIsServedByBoth()
    {
        using var client = ThroughNginx();
        var files = new List<(byte[] Bytes, string Name)>();
        for (var i = 0; i < 2; i++)
        {
            files.Add((TestFiles.Pdf($"scale document {i}"), $"document-{i}.pdf"));
            files.Add((NextImage(), $"photo-{i}.jpg"));
        }

        var stored = new List<(JsonElement Attachment, byte[] Bytes, string Upstream)>();
        foreach (var (bytes, name) in files)
        {
            using var response = await IntegrationTestBase.UploadAsync(client, bytes, name);
            var body = await IntegrationTestBase.ReadJsonAsync(response);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            stored.Add((body.GetProperty("data"), bytes, NginxProxy.UpstreamOf(response)!));
        }

        Assert.That(stored.Select(s => s.Upstream).Distinct(), Is.EquivalentTo(Upstreams), "round robin sends uploads to both instances");
        foreach (var (attachment, bytes, upstream) in stored)
        {
            var location = attachment.GetProperty("file_location").GetString()!;
            Assert.That(attachment.GetProperty("logo").GetString(), Is.EqualTo(new Uri(Nginx.BaseAddress, location).ToString()),
                "public URLs name the address the client used (nginx passes Host)");

            var served = new List<byte[]>();
            foreach (var instance in _instances)
            {
                using var direct = DirectTo(instance!);
                served.Add(await DownloadAsync(direct, location));
                if (attachment.GetProperty("is_image").GetInt32() == 1)
                    Assert.That(await DownloadAsync(direct, StorageConsistency.ThumbOf(location)), Is.Not.Empty, $"thumbnail of {location} from {instance!.BaseAddress}");
            }

            Assert.That(served[1], Is.EqualTo(served[0]), $"{location} (stored through {upstream}) is the same from both instances");
            Assert.That(served[0].LongLength, Is.EqualTo(attachment.GetProperty("file_size").GetInt64()));
            if (attachment.GetProperty("is_image").GetInt32() == 0)
                Assert.That(served[0], Is.EqualTo(bytes), "a document is stored byte for byte");
        }
    }

    [Test]
    [Order(2)]
    public async Task ChunkedUpload_WhosePartsAlternateBetweenTheInstances_Completes()
    {
        using var client = ThroughNginx();
        var bytes = Video(3 * 1024 * 1024 + 12345);
        var parts = Split(bytes, 4);

        var upstreams = new List<string>();
        JsonElement last = default;
        for (var i = 0; i < parts.Count; i++)
        {
            using var response = await SendPartAsync(client, parts, i, bytes, "alternating.mp4");
            var body = await IntegrationTestBase.ReadJsonAsync(response);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            upstreams.Add(NginxProxy.UpstreamOf(response)!);
            last = body.GetProperty("data");
            if (i < parts.Count - 1)
                Assert.That(last.GetProperty("received").GetInt32(), Is.EqualTo(i + 1), "the parts other instances received count too");
        }

        Assert.That(upstreams.Zip(upstreams.Skip(1)).All(p => p.First != p.Second), Is.True, $"parts alternate: {string.Join(", ", upstreams)}");
        Assert.That(last.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(bytes)));
        var location = last.GetProperty("file_location").GetString()!;
        foreach (var instance in _instances)
        {
            using var direct = DirectTo(instance!);
            Assert.That(await DownloadAsync(direct, location), Is.EqualTo(bytes), $"from {instance!.BaseAddress}");
        }

        Assert.That((await Bucket.KeysAsync()).Where(k => k.StartsWith(".chunks/", StringComparison.Ordinal)), Is.Empty, "no part left once assembled");
    }

    [Test]
    [Order(3)]
    public async Task Job_StartedOnOneInstance_IsWatchedThroughTheOtherUntilCompleted()
    {
        using var first = DirectTo(_instances[0]!);
        using var second = DirectTo(_instances[1]!);
        for (var i = 0; i < 3; i++)
            await UploadOkAsync(first, NextImage(), $"job-{i}.jpg");

        var id = await StartJobAsync(first, "/api/attachment/thumb/rebuild");
        var job = await WaitForJobAsync(second, id, JobLimit);
        Assert.Multiple(() =>
        {
            Assert.That(JobState(job), Is.EqualTo("completed"), job.ToString());
            Assert.That(job.GetProperty("kind").GetString(), Is.EqualTo("thumb_rebuild"));
            Assert.That(job.GetProperty("failed").GetInt32(), Is.Zero, job.ToString());
            Assert.That(job.GetProperty("processed").GetInt32(), Is.EqualTo(job.GetProperty("total").GetInt32()), job.ToString());
            Assert.That(job.GetProperty("thumbnails_built").GetInt32(), Is.GreaterThanOrEqualTo(3), job.ToString());
        });

        using var list = await second.GetAsync("/api/attachment/jobs");
        var jobs = await IntegrationTestBase.ReadJsonAsync(list);
        Assert.That(jobs.GetProperty("data").EnumerateArray().Select(j => j.GetProperty("id").GetString()), Does.Contain(id), "listed by the other instance too");
    }

    [Test]
    [Order(4)]
    public async Task RateLimit_IsCountedOverBothInstances()
    {
        using var client = Nginx.CreateClient();
        var userName = "limited-" + Guid.NewGuid().ToString("N")[..8];
        var upstreams = new List<string>();
        for (var i = 0; i < LoginLimit; i++)
        {
            using var refused = await client.PostAsJsonAsync("/api/login", new { user_name = userName, password = "not-the-password" });
            Assert.That((int)refused.StatusCode, Is.EqualTo(401), $"attempt {i + 1} is within the limit of {LoginLimit}");
            upstreams.Add(NginxProxy.UpstreamOf(refused)!);
        }

        Assert.That(upstreams.Distinct(), Is.EquivalentTo(Upstreams), "the attempts went to both instances");
        using var limited = await client.PostAsJsonAsync("/api/login", new { user_name = userName, password = "not-the-password" });
        var body = await IntegrationTestBase.ReadJsonAsync(limited);
        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), $"attempt {LoginLimit + 1} through nginx: {body}");
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        });

        foreach (var instance in _instances)
        {
            using var direct = instance!.CreateClient();
            using var again = await direct.PostAsJsonAsync("/api/login", new { user_name = userName, password = "not-the-password" });
            Assert.That((int)again.StatusCode, Is.EqualTo(429), $"{instance.BaseAddress} counts the other's attempts too");
        }
    }

    [Test]
    [Order(5)]
    public async Task Sigkill_MidUploadAndMidJob_TheSurvivorAndTheRestartedInstanceSettleEverything()
    {
        using var client = ThroughNginx();
        for (var i = 0; i < 8; i++)
            await UploadOkAsync(client, NextImage(side: 500), $"rebuilt-{i}.jpg");
        await StepAsync("8 images for the job stored");

        // Half a chunked upload, its parts on both instances.
        var chunked = Video(2 * 1024 * 1024 + 777);
        var parts = Split(chunked, 4);
        for (var i = 0; i < 2; i++)
        {
            using var part = await SendPartAsync(client, parts, i, chunked, "half-sent.mp4");
            Assert.That((int)part.StatusCode, Is.EqualTo(200));
        }

        // A large upload in flight through nginx: the first 4 MB of 24 go out, then it waits.
        var large = Video(24 * 1024 * 1024);
        var before = _roots.Select(StorageConsistency.StagedFiles).ToArray();
        var stalled = new StalledUpload(large, "large.mp4", sendFirst: 4 * 1024 * 1024);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var sending = SendStalledAsync(client, stalled, timeout.Token);
        await stalled.FirstBytesSent.WaitAsync(TimeSpan.FromSeconds(30));
        var victim = await ReceivingInstanceAsync(before, TimeSpan.FromSeconds(30));
        await StepAsync($"the large upload streams into {_instances[victim]!.BaseAddress}");
        var survivor = 1 - victim;

        // And a thumbnail rebuild on the same instance, killed once it has got going (some thumbnails rebuilt, others
        // on their way) but before it is done.
        using var dying = DirectTo(_instances[victim]!);
        var job = await StartJobAsync(dying, "/api/attachment/thumb/rebuild");
        var progress = await WaitForProgressAsync(dying, job, processed: 2, TimeSpan.FromSeconds(20));
        Assert.That(JobState(progress), Is.EqualTo("running"), $"the job must still run when its instance is killed (use more or larger images): {progress}");
        await TestContext.Progress.WriteLineAsync(
            $"Killing {_instances[victim]!.BaseAddress} (SIGKILL) with the large upload streaming into it and its job at {progress}");
        await KillAsync(victim);
        await StepAsync("killed");

        stalled.Release();
        var outcome = await sending;
        Assert.That(outcome, Is.EqualTo("502").Or.StartsWith("no answer"), "the upload cut off by the kill is not stored (nginx cannot pass a half-sent body on)");
        Assert.That(QueryScalar<long>($"select count(*) from attachments where file_md5 = '{Md5(large)}'"), Is.Zero);

        // Through nginx, everything now lands on the survivor: the rest of the chunked upload, the large one again, and more.
        JsonElement assembled = default;
        for (var i = 2; i < parts.Count; i++)
        {
            using var part = await SendPartAsync(client, parts, i, chunked, "half-sent.mp4");
            var body = await IntegrationTestBase.ReadJsonAsync(part);
            Assert.That((int)part.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(NginxProxy.UpstreamOf(part), Is.EqualTo(Upstreams[survivor]));
            assembled = body.GetProperty("data");
        }

        Assert.That(assembled.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(chunked)), "parts the dead instance received still count");
        await StepAsync("the chunked upload completed on the survivor");
        await UploadOkAsync(client, large, "large.mp4");
        await StepAsync("the large upload stored on the survivor");
        for (var i = 0; i < 3; i++)
            await UploadOkAsync(client, NextImage(), $"after-kill-{i}.jpg");

        // The dead instance's share of the job moves to the survivor once its batch's lease runs out.
        using var surviving = DirectTo(_instances[survivor]!);
        var finished = await WaitForJobAsync(surviving, job, JobLimit);
        Assert.Multiple(() =>
        {
            Assert.That(JobState(finished), Is.EqualTo("completed"), finished.ToString());
            Assert.That(finished.GetProperty("processed").GetInt32(), Is.EqualTo(finished.GetProperty("total").GetInt32()), finished.ToString());
        });
        await StepAsync("the killed instance's job finished by the survivor");

        // The survivor settles the bucket and the database; only the dead instance's own staging folder waits for it to return.
        await RestartAsync(victim);
        await StepAsync("the killed instance restarted");
        await BucketConsistency.AssertHoldsWithinAsync(_connectionString, Bucket, _roots, SettleLimit);
        await StepAsync("bucket, database and staging folders agree");

        var upstreams = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await IntegrationTestBase.UploadAsync(client, NextImage(), $"after-restart-{i}.jpg");
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            upstreams.Add(NginxProxy.UpstreamOf(response)!);
        }

        Assert.That(upstreams.Distinct(), Is.EquivalentTo(Upstreams), "the restarted instance is back in the rotation");
    }

    private Task StepAsync(string what) => TestContext.Progress.WriteLineAsync($"  [{_clock.Elapsed.TotalSeconds,5:0.0} s] {what}");

    private Dictionary<string, string> InstanceSettings(int port)
    {
        var settings = Bucket.Settings();
        foreach (var (key, value) in new Dictionary<string, string>
        {
            // A fixed port per instance, so that a restarted one is where nginx's upstream says.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["ConnectionStrings:Redis"] = _redis!.ConnectionString,
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["RateLimits:LoginPerUserName:PermitLimit"] = LoginLimit.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:LoginPerUserName:Window"] = "00:10:00",
            // What a dead instance left is taken over within a second; staged leftovers go after a few.
            ["Storage:OperationLease"] = "00:00:01",
            ["Storage:SweepInterval"] = "00:00:00.250",
            ["Storage:StagedMaxAge"] = "00:00:05",
            // Small batches on short leases, so that a killed instance's share of a job moves on quickly.
            ["Jobs:MaxConcurrency"] = "1",
            ["Jobs:BatchSize"] = "2",
            ["Jobs:BatchLease"] = "00:00:03",
            ["Jobs:PollInterval"] = "00:00:00.500",
        })
        {
            settings[key] = value;
        }

        return settings;
    }

    private HttpClient ThroughNginx() => Authorised(Nginx.CreateClient());

    private HttpClient DirectTo(ServiceProcess instance) => Authorised(instance.CreateClient());

    /// <summary>The one token of the fixture: both instances accept it, since they share the signing key.</summary>
    private HttpClient Authorised(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    private async Task KillAsync(int index)
    {
        var instance = _instances[index]!;
        await instance.KillAsync();
        _ended.Add(instance);
    }

    private async Task RestartAsync(int index)
    {
        var dead = _ended.Last(i => i.StorageRoot == _roots[index]);
        _instances[index] = null;
        _instances[index] = await dead.StartAgainAsync();
    }

    /// <summary>Which instance's local staging folder the stalled upload is streaming into.</summary>
    private async Task<int> ReceivingInstanceAsync(IReadOnlyList<string>[] before, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < _roots.Length; i++)
            {
                var staged = StorageConsistency.StagedFiles(_roots[i]).Except(before[i]);
                if (staged.Any(f => new FileInfo(Path.Combine(_roots[i], f)).Length > 0))
                    return i;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The stalled upload reached neither instance's staging folder (is nginx buffering request bodies?).");
        return -1;
    }

    /// <summary>"502" and the like when nginx answered, or "no answer: …" when the connection broke.</summary>
    private static async Task<string> SendStalledAsync(HttpClient client, StalledUpload content, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.PostAsync("/api/attachment/upload", content, cancellationToken);
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e)
        {
            return $"no answer: {e.Message}";
        }
    }

    private static async Task<string> StartJobAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), body.ToString());
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary>The job once it has processed <paramref name="processed"/> units, or once it is no longer running.</summary>
    private static async Task<JsonElement> WaitForProgressAsync(HttpClient client, string id, int processed, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var status = await client.GetAsync($"/api/attachment/jobs/{id}");
            var job = (await IntegrationTestBase.ReadJsonAsync(status)).GetProperty("data");
            if (JobState(job) != "running" || job.GetProperty("processed").GetInt32() >= processed || DateTime.UtcNow > deadline)
                return job;

            await Task.Delay(25);
        }
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.GetAsync($"/api/attachment/jobs/{id}");
            var body = await IntegrationTestBase.ReadJsonAsync(response);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"job {id} from {client.BaseAddress}: {body}");
            var job = body.GetProperty("data");
            if (JobState(job) != "running")
                return job;

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"job {id} still runs after {timeout.TotalSeconds:0} s: {job}");
            await Task.Delay(200);
        }
    }

    private static string JobState(JsonElement job) => job.GetProperty("state").GetString()!;

    private static async Task<JsonElement> UploadOkAsync(HttpClient client, byte[] bytes, string name)
    {
        using var response = await IntegrationTestBase.UploadAsync(client, bytes, name);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{name} through {client.BaseAddress}: {body}");
        return body.GetProperty("data");
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string location)
    {
        using var response = await client.GetAsync("/" + location);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET /{location} from {client.BaseAddress}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static Task<HttpResponseMessage> SendPartAsync(HttpClient client, List<byte[]> parts, int index, byte[] whole, string fileName) =>
        IntegrationTestBase.UploadAsync(client, parts[index], "blob",
            ("chunks", parts.Count.ToString(CultureInfo.InvariantCulture)),
            ("chunk", index.ToString(CultureInfo.InvariantCulture)),
            ("file_name", fileName),
            ("md5", Md5(whole)));

    private byte[] NextImage(uint side = 120)
    {
        var n = _nextImage++;
        return GeneratedImages.TwoHalves(MagickFormat.Jpeg, side + n, side);
    }

    /// <summary>Bytes the service takes for an MP4 video (an ISO media <c>ftyp</c> box), random after it.</summary>
    private static byte[] Video(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] ftyp = [0, 0, 0, 24, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8];
        ftyp.CopyTo(bytes, 0);
        return bytes;
    }

    private static List<byte[]> Split(byte[] bytes, int count)
    {
        var size = (bytes.Length + count - 1) / count;
        return [.. Enumerable.Range(0, count).Select(i => bytes[(i * size)..Math.Min(bytes.Length, (i + 1) * size)])];
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private T QueryScalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>
    /// A multipart upload of one file with a Content-Length, whose body stops after <c>sendFirst</c> bytes of the file
    /// until <see cref="Release"/>: an upload in flight, as a slow client's is.
    /// </summary>
    private sealed class StalledUpload : HttpContent
    {
        private readonly byte[] _head;
        private readonly byte[] _file;
        private readonly byte[] _tail;
        private readonly int _sendFirst;
        private readonly TaskCompletionSource _firstBytesSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledUpload(byte[] file, string fileName, int sendFirst)
        {
            var boundary = "scale-" + Guid.NewGuid().ToString("N");
            _head = System.Text.Encoding.ASCII.GetBytes(
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            _tail = System.Text.Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
            _file = file;
            _sendFirst = sendFirst;
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        }

        public Task FirstBytesSent => _firstBytesSent.Task;

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head);
            await stream.WriteAsync(_file.AsMemory(0, _sendFirst));
            await stream.FlushAsync();
            _firstBytesSent.TrySetResult();
            await _released.Task;
            await stream.WriteAsync(_file.AsMemory(_sendFirst));
            await stream.WriteAsync(_tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + _file.Length + _tail.Length;
            return true;
        }
    }
}
