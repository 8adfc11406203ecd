using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// Each test gets a database of its own on the test server and an empty storage (<see cref="Storage"/>: a folder, and
/// in the S3 storage mode a prefix of the bucket), and runs the API as real processes (<see cref="ServiceProcess"/>) on
/// them; whatever it started is killed afterwards.
/// </summary>
public abstract class ProcessTestBase
{
    private readonly List<ServiceProcess> _services = [];
    private string _database = string.Empty;

    protected string ConnectionString { get; private set; } = string.Empty;

    protected string StorageRoot { get; private set; } = string.Empty;

    /// <summary>This test's storage, in the run's storage mode.</summary>
    private protected TestStorage Storage => TestStorage.For(StorageRoot);

    [SetUp]
    public async Task CreateDatabaseAndStorageAsync()
    {
        _database = "attachments_faults_" + Guid.NewGuid().ToString("N")[..12];
        ConnectionString = await TestEnvironment.Server.CreateDatabaseAsync(_database);
        StorageRoot = Path.Combine(Path.GetTempPath(), "attachments-fault-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(StorageRoot);
    }

    [TearDown]
    public async Task KillServicesAndDropDatabaseAsync()
    {
        foreach (var service in _services)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                await TestContext.Out.WriteLineAsync($"--- output of process {service.ProcessId} ---{Environment.NewLine}{service.Output}");

            await service.DisposeAsync();
        }

        _services.Clear();
        try
        {
            await TestEnvironment.Server.DropDatabaseAsync(_database);
        }
        catch (NpgsqlException)
        {
            // A test that left PostgreSQL stopped has failed already; the cluster goes at the end of the run.
        }

        TestStorage.Discard(StorageRoot);
    }

    /// <summary>Starts the API on this test's database and storage folder.</summary>
    private protected async Task<ServiceProcess> StartServiceAsync(IReadOnlyDictionary<string, string>? settings = null, bool inTerminal = false)
    {
        var service = await ServiceProcess.StartAsync(ConnectionString, StorageRoot, settings, inTerminal);
        _services.Add(service);
        return service;
    }

    /// <summary>
    /// Launches <paramref name="count"/> processes of the API at the same moment on this test's database and storage
    /// folder, as an orchestrator starts replicas, and waits until each answers (or fails with its output).
    /// </summary>
    private protected async Task<ServiceProcess[]> StartServicesTogetherAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var starting = Enumerable.Range(0, count)
            .Select(_ => ServiceProcess.StartAsync(ConnectionString, StorageRoot, settings))
            .ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        finally
        {
            _services.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }
    }

    /// <summary>Starts the API again on the same database, storage folder and settings.</summary>
    private protected async Task<ServiceProcess> RestartAsync(ServiceProcess dead)
    {
        var service = await dead.StartAgainAsync();
        _services.Add(service);
        return service;
    }

    protected static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields) =>
        IntegrationTestBase.UploadAsync(client, content, fileName, fields);

    protected static async Task<JsonElement> UploadOkAsync(HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        using var response = await UploadAsync(client, content, fileName, fields);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    protected async Task<T> QueryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        return (T)(await command.ExecuteScalarAsync())!;
    }

    protected async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The local path of a location: only for what is about the local disk itself (<see cref="DiskOnlyAttribute"/>).</summary>
    protected string PathOf(string location) => StorageConsistency.PathOf(StorageRoot, location);

    protected Task AssertConsistentAsync() => StorageConsistency.AssertHoldsAsync(ConnectionString, Storage);
}
