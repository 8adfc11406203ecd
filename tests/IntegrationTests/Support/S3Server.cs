using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// A real S3 server for the S3 run of the integration tests: the one named by <c>ATTACHMENTS_TEST_S3</c>, else a
/// single-node Ceph RADOS Gateway started once for the run with <c>scripts/ceph-rgw.sh</c> on free loopback ports and
/// stopped at its end (a watchdog stops it too if the test host dies first).
/// </summary>
/// <remarks>
/// One bucket for the run, since the first write into a new bucket's pool takes seconds on radosgw; each storage the
/// tests make gets a key prefix of its own in it, <c>run-&lt;id&gt;/&lt;n&gt;/</c> (<see cref="NewPrefix"/>), which is what
/// the API under test is given as <c>Storage:S3:Prefix</c>.
/// <para><c>ATTACHMENTS_TEST_S3</c> is a URL with the keys as its user info, percent-encoded where needed, an optional
/// bucket as its path and an optional region: <c>http://ACCESS_KEY:SECRET_KEY@127.0.0.1:7480/my-bucket?region=eu-west-1</c>.
/// Without a bucket one named <c>attachments-tests-&lt;id&gt;</c> is made and removed again; a named bucket is made when
/// missing and kept. Either way only the run's own prefix is written to, and it is emptied at the end.</para>
/// </remarks>
internal sealed class S3Server : IAsyncDisposable
{
    public const string Variable = "ATTACHMENTS_TEST_S3";
    public const string DefaultRegion = "us-east-1";

    private const string CephScript = "scripts/ceph-rgw.sh";
    private const string CephAccessKey = "TESTKEY";
    private const string CephSecretKey = "TESTSECRET";
    private const string CephBucket = "attachments-tests";
    private const int CephStartAttempts = 3;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly string? _cephRunDirectory;
    private readonly bool _ownsBucket;
    private int _prefixes;

    private S3Server(string kind, Uri serviceUrl, string accessKey, string secretKey, string region, string bucket, bool ownsBucket, string? cephRunDirectory)
    {
        Kind = kind;
        ServiceUrl = serviceUrl;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Region = region;
        Bucket = bucket;
        _ownsBucket = ownsBucket;
        _cephRunDirectory = cephRunDirectory;
        RunPrefix = $"run-{Guid.NewGuid():N}"[..12] + "/";
        Client = CreateClient();
    }

    /// <summary>"environment (…)" or "Ceph RGW (…)", for the run's log.</summary>
    public string Kind { get; }

    public Uri ServiceUrl { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string Region { get; }

    public string Bucket { get; }

    /// <summary>Every key this run writes starts with this.</summary>
    public string RunPrefix { get; }

    /// <summary>A client configured as radosgw needs it, for the tests' own reads and writes.</summary>
    public AmazonS3Client Client { get; }

    public static async Task<S3Server> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = FromEnvironment() ?? await StartCephAsync(cancellationToken);
        try
        {
            await server.PrepareBucketAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A key prefix no other storage of this run uses, ending in '/'.</summary>
    public string NewPrefix() => $"{RunPrefix}{Interlocked.Increment(ref _prefixes)}/";

    /// <summary>The API's configuration for S3 storage under <paramref name="prefix"/> (Storage:Root stays the caller's).</summary>
    public IReadOnlyDictionary<string, string> SettingsFor(string prefix) => new Dictionary<string, string>
    {
        ["Storage:Provider"] = "S3",
        ["Storage:S3:ServiceUrl"] = ServiceUrl.ToString().TrimEnd('/'),
        ["Storage:S3:Bucket"] = Bucket,
        ["Storage:S3:Region"] = Region,
        ["Storage:S3:AccessKey"] = AccessKey,
        ["Storage:S3:SecretKey"] = SecretKey,
        ["Storage:S3:ForcePathStyle"] = "true",
        ["Storage:S3:Prefix"] = prefix,
    };

    /// <summary>
    /// AWSSDK.S3 4.x as radosgw 16 needs it: checksums only where the operation requires one (the SDK's default
    /// trailing checksums are refused) and path-style addressing (no bucket host names on loopback).
    /// </summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 2,
        });

    /// <summary>Every key of the bucket under <paramref name="keyPrefix"/>, in key order.</summary>
    public async Task<IReadOnlyList<S3Object>> ListAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = keyPrefix };
        while (true)
        {
            var page = await Client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange(page.S3Objects ?? []);
            if (page.IsTruncated != true)
                return objects;

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>Deletes every object under <paramref name="keyPrefix"/>.</summary>
    public async Task DeleteUnderAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        foreach (var batch in (await ListAsync(keyPrefix, cancellationToken)).Chunk(1000))
        {
            var request = new DeleteObjectsRequest
            {
                BucketName = Bucket,
                Objects = [.. batch.Select(o => new KeyVersion { Key = o.Key })],
                Quiet = true,
            };
            var response = await Client.DeleteObjectsAsync(request, cancellationToken);
            if (response.DeleteErrors is { Count: > 0 } errors)
                throw new InvalidOperationException($"Could not delete {errors.Count} objects under {keyPrefix}: {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_cephRunDirectory is not null)
            {
                // The cluster's data is in memory and goes with it.
                await RunScriptAsync(["stop", _cephRunDirectory], CancellationToken.None);
            }
            else
            {
                await DeleteUnderAsync(RunPrefix);
                if (_ownsBucket)
                    await Client.DeleteBucketAsync(Bucket);
            }
        }
        finally
        {
            Client.Dispose();
        }
    }

    private static S3Server? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
            return null;

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Split(':', 2) is not [{ Length: > 0 } user, { Length: > 0 } password])
        {
            throw new InvalidOperationException(
                $"{Variable} must be a URL with the access key and secret key as its user info, e.g. " +
                "http://ACCESS_KEY:SECRET_KEY@127.0.0.1:7480 (optionally /bucket and ?region=...); percent-encode '/', ':' and '@' in the keys.");
        }

        var bucket = uri.AbsolutePath.Trim('/');
        var region = System.Web.HttpUtility.ParseQueryString(uri.Query)["region"] is { Length: > 0 } r ? r : DefaultRegion;
        var serviceUrl = new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri;
        var ownsBucket = bucket.Length == 0;
        if (ownsBucket)
            bucket = $"attachments-tests-{Guid.NewGuid():N}"[..30];

        return new S3Server(
            $"environment ({Variable}: {serviceUrl}, bucket {bucket})", serviceUrl, Uri.UnescapeDataString(user), Uri.UnescapeDataString(password),
            region, bucket, ownsBucket, cephRunDirectory: null);
    }

    private static async Task<S3Server> StartCephAsync(CancellationToken cancellationToken)
    {
        var missing = new[] { "radosgw", "ceph-mon", "ceph-osd" }.Where(p => FindExecutable(p) is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"""
                The S3 run of the integration tests needs an S3 server, and there is none: {Variable} is not set, and
                {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not installed for {CephScript} to start a local Ceph gateway.
                Fix it in one of these ways:
                  - install Debian's Ceph daemons (about 50 s; .ci/run does this):
                    apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd
                  - set {Variable} to an S3 server with its keys, e.g. http://ACCESS_KEY:SECRET_KEY@127.0.0.1:7480
                    ({CephScript} start prints one for a local gateway);
                  - or run the Disk mode: unset {StorageMode.Variable} (or set it to Disk).
                """);
        }

        var failures = new List<string>();
        for (var attempt = 1; attempt <= CephStartAttempts; attempt++)
        {
            var port = FreePortPair();
            var runDirectory = Path.Combine(Path.GetTempPath(), $"attachments-ceph-{Guid.NewGuid():N}"[..28]);
            var stopwatch = Stopwatch.StartNew();
            var (exitCode, output, errors) = await RunScriptAsync(["start", runDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
            var endpoint = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (exitCode == 0 && Uri.TryCreate(endpoint, UriKind.Absolute, out var serviceUrl))
            {
                return new S3Server(
                    $"Ceph RGW ({CephScript}, {serviceUrl}, started in {stopwatch.Elapsed.TotalSeconds:0.0} s)",
                    serviceUrl, CephAccessKey, CephSecretKey, DefaultRegion, CephBucket, ownsBucket: false, runDirectory);
            }

            // Most likely a port taken between the check and the daemons binding it: another pair, another try.
            failures.Add($"attempt {attempt}, port {port}: exit code {exitCode}{Environment.NewLine}{errors.TrimEnd()}");
        }

        throw new InvalidOperationException(
            $"{CephScript} could not start a Ceph gateway in {CephStartAttempts} attempts:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private async Task PrepareBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou")
        {
            // A named bucket that is already there is used as it is.
        }

        // radosgw makes the data pool on the first write into it, which takes about 2 s: better here than in a test.
        var warmUp = RunPrefix + "warm-up";
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = warmUp, ContentBody = "warm-up" }, cancellationToken);
        await Client.DeleteObjectAsync(Bucket, warmUp, cancellationToken);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        startInfo.ArgumentList.Add(Repository.File(CephScript));
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment["CEPH_RGW_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {CephScript}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{CephScript} {string.Join(' ', startInfo.ArgumentList.Skip(1))} did not finish within {ScriptTimeout.TotalMinutes:0} min.");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A port for radosgw whose neighbour 1000 above, the monitor's, is free as well.</summary>
    private static int FreePortPair()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (IsFree(port) && IsFree(port + 1000))
                return port;
        }

        throw new InvalidOperationException("Found no two free loopback ports 1000 apart for radosgw and its monitor.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
