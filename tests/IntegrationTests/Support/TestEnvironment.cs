using System.Diagnostics;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests;

/// <summary>
/// One PostgreSQL server and one migrated database for the whole run, and in the S3 storage mode one S3 server
/// (<see cref="S3Server"/>); each test cleans up after the last.
/// </summary>
[SetUpFixture]
public sealed class TestEnvironment
{
    private static PostgresServer? _server;
    private static S3Server? _s3;

    internal static PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    /// <summary>The run's S3 server; there is one only in the S3 storage mode (<see cref="StorageMode.IsS3"/>).</summary>
    internal static S3Server S3 => _s3 ?? throw new InvalidOperationException(
        StorageMode.IsS3 ? "The S3 server has not started." : $"This run uses the Disk storage mode ({StorageMode.Variable} is not S3), so there is no S3 server.");

    internal static string ConnectionString { get; private set; } = string.Empty;

    [OneTimeSetUp]
    public async Task StartServersAsync()
    {
        // The tests use ImageMagick themselves; the service's policy must be in force before that first use.
        MagickSecurityPolicy.Apply(new ImageOptions());

        // Ceph takes about 12 s to start: alongside PostgreSQL, not after it.
        var s3 = StorageMode.IsS3 ? StartS3Async() : Task.FromResult<S3Server?>(null);
        _server = await PostgresServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync("attachments_tests");
        await TestContext.Progress.WriteLineAsync($"PostgreSQL for the integration tests: {_server.Kind}");
        _s3 = await s3;
        await TestContext.Progress.WriteLineAsync(
            _s3 is null ? "Storage for the integration tests: Disk" : $"Storage for the integration tests: S3, {_s3.Kind}, bucket {_s3.Bucket}, prefix {_s3.RunPrefix}");
    }

    [OneTimeTearDown]
    public async Task StopServersAsync()
    {
        await RedisServer.StopSharedAsync();
        try
        {
            if (_s3 is not null)
                await _s3.DisposeAsync();
        }
        finally
        {
            if (_server is not null)
                await _server.DisposeAsync();
        }
    }

    private static async Task<S3Server?> StartS3Async()
    {
        var stopwatch = Stopwatch.StartNew();
        var server = await S3Server.StartAsync();
        await TestContext.Progress.WriteLineAsync($"S3 ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return server;
    }
}
