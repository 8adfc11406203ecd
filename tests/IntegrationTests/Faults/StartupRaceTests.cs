using System.Reflection;
using Attachments.Infrastructure.Data;
using Attachments.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// Replicas started at the same moment on an empty database, as an orchestrator starts them: one does the shared
/// start-up work (migrations, bootstrap admin) while the others wait for its advisory lock and then find it done.
/// </summary>
public sealed class StartupRaceTests : ProcessTestBase
{
    [Test]
    public async Task Start_TwoInstancesAtOnceOnAnEmptyDatabase_BothBecomeReadyWithOneSchemaAndOneAdmin()
    {
        var services = await StartServicesTogetherAsync(2);

        var migrations = typeof(AttachmentsDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var applied = await ReadAsync("select migration_id from __ef_migrations_history order by migration_id", r => r.GetString(0));
        var admins = await ReadAsync("select user_name from users", r => r.GetString(0));
        var migrators = services.Count(s => s.Output.Contains("Applying migration", StringComparison.Ordinal));
        Assert.Multiple(async () =>
        {
            foreach (var service in services)
            {
                using var client = service.CreateClient();
                using var ready = await client.GetAsync("/health/ready");
                Assert.That((int)ready.StatusCode, Is.EqualTo(200), $"process {service.ProcessId}: {await ready.Content.ReadAsStringAsync()}");
                using var login = await service.LoggedInClientAsync();
            }

            Assert.That(applied, Is.EqualTo(migrations), "every migration applied, each once");
            Assert.That(migrators, Is.EqualTo(1), "one instance applies the migrations; the other finds them applied");
            Assert.That(admins, Is.EqualTo(new[] { ServiceProcess.AdminUserName }), "one bootstrap admin");
        });
    }

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(read(reader));
        return rows;
    }
}
