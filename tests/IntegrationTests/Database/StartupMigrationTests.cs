using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Database;

public sealed class StartupMigrationTests
{
    private const string DatabaseName = "startup_migration_check";

    private string _storageRoot = string.Empty;

    [SetUp]
    public void CreateStorageRoot()
    {
        _storageRoot = Path.Combine(Path.GetTempPath(), "attachments-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_storageRoot);
    }

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        await TestEnvironment.Server.DropDatabaseAsync(DatabaseName);
        TestStorage.Discard(_storageRoot);
    }

    [Test]
    public async Task Startup_WithMigrationsOffOnAnEmptyDatabase_RefusesAndSaysWhatToRun()
    {
        var connectionString = await TestEnvironment.Server.CreateDatabaseAsync(DatabaseName);
        await using var factory = MigrationsOff(connectionString);

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.That(error!.Message, Does.Contain("db/migrations.sql").And.Contain("Database__MigrateOnStartup"));
    }

    [Test]
    public async Task Startup_WithMigrationsOffAfterTheDbaScript_ServesRequests()
    {
        var connectionString = await TestEnvironment.Server.CreateDatabaseAsync(DatabaseName);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Repository.File("db/migrations.sql")), connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var factory = MigrationsOff(connectionString);
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync(
            "/api/login",
            new { user_name = AttachmentsApiFactory.AdminUserName, password = AttachmentsApiFactory.AdminPassword });

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private AttachmentsApiFactory MigrationsOff(string connectionString) =>
        new(connectionString, _storageRoot, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
}
