using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests;

/// <summary>One PostgreSQL server and one migrated database for the whole run; each test cleans up after the last.</summary>
[SetUpFixture]
public sealed class TestEnvironment
{
    private static PostgresServer? _server;

    internal static PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    internal static string ConnectionString { get; private set; } = string.Empty;

    [OneTimeSetUp]
    public async Task StartPostgresAsync()
    {
        // The tests use ImageMagick themselves; the service's policy must be in force before that first use.
        MagickSecurityPolicy.Apply(new ImageOptions());

        _server = await PostgresServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync("attachments_tests");
        await TestContext.Progress.WriteLineAsync($"PostgreSQL for the integration tests: {_server.Kind}");
    }

    [OneTimeTearDown]
    public async Task StopPostgresAsync()
    {
        await RedisServer.StopSharedAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
