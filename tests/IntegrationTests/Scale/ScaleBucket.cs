using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Scale;

/// <summary>
/// The one bucket both instances of the scale scenario store in: on the S3 server named by <c>ATTACHMENTS_TEST_S3</c>,
/// else on a single-node Ceph RADOS Gateway started for the fixture with <c>scripts/ceph-rgw.sh</c> (about 12 s) and
/// stopped after it. Everything the scenario writes is under a key prefix of its own (<see cref="Prefix"/>).
/// </summary>
/// <remarks>
/// <c>ATTACHMENTS_TEST_S3</c> is either a URL with the keys as its user info, an optional bucket as its path and an
/// optional region (<c>http://TESTKEY:TESTSECRET@127.0.0.1:7480/my-bucket?region=eu-west-1</c>, as
/// <c>scripts/ceph-rgw.sh start</c> prints it), or <c>ServiceUrl=http://127.0.0.1:7480;AccessKey=TESTKEY;SecretKey=TESTSECRET</c>
/// with optional <c>Bucket=</c> and <c>Region=</c>. A bucket that is missing is made; only the prefix is emptied at the end.
/// </remarks>
internal sealed class ScaleBucket : IAsyncDisposable
{
    public const string Variable = "ATTACHMENTS_TEST_S3";

    private const string CephScript = "scripts/ceph-rgw.sh";
    private const string DefaultBucket = "attachments-scale";
    private const string DefaultRegion = "us-east-1";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly string? _cephRunDirectory;

    private ScaleBucket(string kind, string serviceUrl, string accessKey, string secretKey, string bucket, string region, string? cephRunDirectory)
    {
        Kind = kind;
        ServiceUrl = serviceUrl.TrimEnd('/');
        AccessKey = accessKey;
        SecretKey = secretKey;
        Name = bucket;
        Region = region;
        _cephRunDirectory = cephRunDirectory;
        Prefix = $"scale-{Guid.NewGuid():N}"[..14] + "/";
        Client = new AmazonS3Client(
            new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config
            {
                ServiceURL = ServiceUrl,
                AuthenticationRegion = Region,
                ForcePathStyle = true,
                // radosgw 16 refuses the trailing checksums AWSSDK.S3 4.x sends by default.
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                Timeout = TimeSpan.FromSeconds(60),
            });
    }

    public string Kind { get; }

    public string ServiceUrl { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string Name { get; }

    public string Region { get; }

    /// <summary>The scenario's key prefix in the bucket, ending in '/': what both instances get as <c>Storage:S3:Prefix</c>.</summary>
    public string Prefix { get; }

    public AmazonS3Client Client { get; }

    public static async Task<ScaleBucket> StartAsync()
    {
        var bucket = FromEnvironment() ?? await StartCephAsync();
        try
        {
            await bucket.PrepareAsync();
            return bucket;
        }
        catch
        {
            await bucket.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instance's storage settings: this bucket and prefix; <c>Storage:Root</c> (its local staging) stays its own.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Storage:Provider"] = "S3",
        ["Storage:S3:ServiceUrl"] = ServiceUrl,
        ["Storage:S3:Bucket"] = Name,
        ["Storage:S3:Region"] = Region,
        ["Storage:S3:AccessKey"] = AccessKey,
        ["Storage:S3:SecretKey"] = SecretKey,
        ["Storage:S3:ForcePathStyle"] = "true",
        ["Storage:S3:Prefix"] = Prefix,
    };

    /// <summary>Every key under the scenario's prefix, with the prefix taken off, in key order.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync() => [.. (await ObjectsAsync()).Select(o => o.Key)];

    /// <summary>Every object under the scenario's prefix: its key with the prefix taken off, and its ETag.</summary>
    public async Task<IReadOnlyList<(string Key, string ETag)>> ObjectsAsync()
    {
        var objects = new List<(string, string)>();
        var request = new ListObjectsV2Request { BucketName = Name, Prefix = Prefix };
        while (true)
        {
            var page = await Client.ListObjectsV2Async(request);
            objects.AddRange((page.S3Objects ?? []).Select(o => (o.Key[Prefix.Length..], o.ETag ?? string.Empty)));
            if (page.IsTruncated != true)
                return [.. objects.OrderBy(o => o.Item1, StringComparer.Ordinal)];

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>The bytes stored under <paramref name="relativeKey"/> (below the prefix).</summary>
    public async Task<byte[]> ReadAsync(string relativeKey)
    {
        using var response = await Client.GetObjectAsync(Name, Prefix + relativeKey);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_cephRunDirectory is not null)
            {
                // The cluster's data is in memory and goes with it.
                await RunScriptAsync(["stop", _cephRunDirectory]);
            }
            else
            {
                foreach (var batch in (await KeysAsync()).Chunk(1000))
                {
                    await Client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = Name,
                        Objects = [.. batch.Select(k => new KeyVersion { Key = Prefix + k })],
                        Quiet = true,
                    });
                }
            }
        }
        finally
        {
            Client.Dispose();
        }
    }

    private async Task PrepareAsync()
    {
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Name });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Used as it is.
        }

        // radosgw makes a bucket's data pool on the first write into it (about 2 s): better here than in a scenario.
        var warmUp = Prefix + "warm-up";
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Name, Key = warmUp, ContentBody = "warm-up" });
        await Client.DeleteObjectAsync(Name, warmUp);
    }

    private static ScaleBucket? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (string.IsNullOrEmpty(value))
            return null;

        if (value.Contains('=', StringComparison.Ordinal))
        {
            var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (parts.GetValueOrDefault("ServiceUrl") is not { Length: > 0 } url
                || parts.GetValueOrDefault("AccessKey") is not { Length: > 0 } key
                || parts.GetValueOrDefault("SecretKey") is not { Length: > 0 } secret)
            {
                throw new InvalidOperationException(
                    $"{Variable} needs ServiceUrl, AccessKey and SecretKey, e.g. ServiceUrl=http://127.0.0.1:7480;AccessKey=TESTKEY;SecretKey=TESTSECRET");
            }

            var bucket = parts.GetValueOrDefault("Bucket") is { Length: > 0 } b ? b : DefaultBucket;
            return new ScaleBucket($"{Variable} ({url}, bucket {bucket})", url, key, secret, bucket,
                parts.GetValueOrDefault("Region") is { Length: > 0 } r ? r : DefaultRegion, cephRunDirectory: null);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Split(':', 2) is not [{ Length: > 0 } user, { Length: > 0 } password])
        {
            throw new InvalidOperationException(
                $"{Variable} must be http://ACCESS_KEY:SECRET_KEY@host:port[/bucket][?region=…] or " +
                "ServiceUrl=http://host:port;AccessKey=…;SecretKey=…[;Bucket=…][;Region=…]");
        }

        var path = uri.AbsolutePath.Trim('/');
        var region = System.Web.HttpUtility.ParseQueryString(uri.Query)["region"] is { Length: > 0 } q ? q : DefaultRegion;
        var serviceUrl = new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri.ToString();
        var name = path.Length > 0 ? path : DefaultBucket;
        return new ScaleBucket($"{Variable} ({serviceUrl}, bucket {name})", serviceUrl,
            Uri.UnescapeDataString(user), Uri.UnescapeDataString(password), name, region, cephRunDirectory: null);
    }

    private static async Task<ScaleBucket> StartCephAsync()
    {
        var missing = new[] { "radosgw", "ceph-mon", "ceph-osd" }
            .Where(p => !new[] { "/usr/bin", "/usr/sbin", "/bin", "/sbin" }.Any(d => File.Exists(Path.Combine(d, p))))
            .ToList();
        if (missing.Count > 0)
        {
            Assert.Fail(
                $"The scale scenario needs an S3 server: {Variable} is not set and {string.Join(", ", missing)} not installed for {CephScript}. " +
                $"Install them (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd; .ci/run does) or set {Variable}.");
        }

        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePortPair();
            var runDirectory = Path.Combine(Path.GetTempPath(), $"attachments-ceph-scale-{Guid.NewGuid():N}"[..34]);
            var stopwatch = Stopwatch.StartNew();
            var (exitCode, output, errors) = await RunScriptAsync(["start", runDirectory, port.ToString(CultureInfo.InvariantCulture)]);
            var endpoint = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (exitCode == 0 && Uri.TryCreate(endpoint, UriKind.Absolute, out var serviceUrl))
            {
                return new ScaleBucket(
                    $"Ceph RGW ({CephScript}, {serviceUrl}, started in {stopwatch.Elapsed.TotalSeconds:0.0} s)",
                    serviceUrl.ToString(), "TESTKEY", "TESTSECRET", DefaultBucket, DefaultRegion, runDirectory);
            }

            failures.Add($"attempt {attempt}, port {port}: exit code {exitCode}{Environment.NewLine}{errors.TrimEnd()}");
        }

        throw new InvalidOperationException($"{CephScript} could not start a Ceph gateway:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(IEnumerable<string> arguments)
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
        // The script's watchdog stops the cluster if the test host dies without tearing down.
        startInfo.Environment["CEPH_RGW_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {CephScript}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{CephScript} {string.Join(' ', startInfo.ArgumentList.Skip(1))} did not finish within {ScriptTimeout.TotalMinutes:0} min.");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A port for radosgw whose neighbour 1000 above (the monitor's, as the script places it) is free too.</summary>
    private static int FreePortPair()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (ScaleTools.IsFree(port) && ScaleTools.IsFree(port + 1000))
                return port;
        }

        throw new InvalidOperationException("Found no two free loopback ports 1000 apart for radosgw and its monitor.");
    }
}
