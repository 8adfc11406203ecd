using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// Every test starts from an empty database (plus the bootstrap admin) and an empty storage (<see cref="Storage"/>:
/// the storage folder, and in the S3 storage mode the instance's prefix of the bucket), and talks to the API over HTTP.
/// </summary>
public abstract class IntegrationTestBase
{
    private static readonly Lazy<AttachmentsApiFactory> SharedFactory = new(() =>
        new AttachmentsApiFactory(TestEnvironment.ConnectionString, NewStorageRoot()));

    private readonly List<AttachmentsApiFactory> _ownFactories = [];

    internal static AttachmentsApiFactory Factory => SharedFactory.Value;

    protected HttpClient Client { get; private set; } = null!;

    protected static string StorageRoot => Factory.StorageRoot;

    /// <summary>The shared instance's storage, in this run's storage mode.</summary>
    internal static TestStorage Storage => Factory.Storage;

    [SetUp]
    public async Task StartCleanAsync()
    {
        Client = Factory.CreateClient();
        await ResetDatabaseAsync();
        Storage.Reset();
    }

    [TearDown]
    public async Task DisposeOwnFactoriesAsync()
    {
        Client.Dispose();
        foreach (var factory in _ownFactories)
        {
            await factory.DisposeAsync();
            if (factory.StorageRoot != StorageRoot)
                TestStorage.Discard(factory.StorageRoot);
        }

        _ownFactories.Clear();
    }

    /// <summary>A separate instance of the API with other settings, on the same database.</summary>
    internal AttachmentsApiFactory FactoryWith(params (string Key, string? Value)[] settings)
    {
        var factory = new AttachmentsApiFactory(
            TestEnvironment.ConnectionString, NewStorageRoot(), settings.ToDictionary(s => s.Key, s => s.Value));
        _ownFactories.Add(factory);
        return factory;
    }

    /// <summary>Another instance of the API on the same database and the same storage folder as <see cref="Factory"/>, as a deployment runs them.</summary>
    internal AttachmentsApiFactory InstanceWith(params (string Key, string? Value)[] settings)
    {
        var factory = new AttachmentsApiFactory(TestEnvironment.ConnectionString, StorageRoot, settings.ToDictionary(s => s.Key, s => s.Value));
        _ownFactories.Add(factory);
        return factory;
    }

    protected static async Task<string> LoginAsync(
        HttpClient client,
        string userName = AttachmentsApiFactory.AdminUserName,
        string password = AttachmentsApiFactory.AdminPassword)
    {
        using var response = await client.PostAsJsonAsync("/api/login", new { user_name = userName, password });
        var body = await ReadJsonAsync(response);
        Assert.That(response.IsSuccessStatusCode, Is.True, body.ToString());
        return body.GetProperty("data").GetProperty("token").GetString()!;
    }

    protected async Task<HttpClient> LoggedInClientAsync()
    {
        var token = await LoginAsync(Client);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client;
    }

    /// <summary>A new client of <paramref name="factory"/> (another instance of the API) logged in as the admin.</summary>
    internal static async Task<HttpClient> LoggedInClientAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        return client;
    }

    protected static string HashOf(string password)
    {
        var hasher = Factory.Services.GetRequiredService<IPasswordHasher>();
        return hasher.Hash(new User(), password);
    }

    protected static Task<long> CreateUserAsync(string userName, string password, params string[] permissions) =>
        QueryScalarAsync<long>(
            """
            insert into users (user_name, password_hash, permissions, created_time, updated_time)
            values (@name, @hash, @permissions, now(), now()) returning id
            """,
            ("name", userName), ("hash", HashOf(password)), ("permissions", permissions));

    internal static async Task<HttpResponseMessage> UploadAsync(
        HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/attachment/upload", form);
    }

    internal static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"Expected JSON, got {(int)response.StatusCode}: {text}");
            throw;
        }
    }

    /// <summary>Uploads and asserts success, returning the attachment object.</summary>
    protected static async Task<JsonElement> UploadOkAsync(
        HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        using var response = await UploadAsync(client, content, fileName, fields);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
        return body.GetProperty("data");
    }

    protected static async Task<T> QueryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Runs <paramref name="insertSql"/> as docs/decisions/021-list-at-scale.md tells a DBA to bulk-load: with the counting
    /// trigger off, then one recount; row by row, 100,000 rows in one transaction take the triggers about 25 s.
    /// </summary>
    protected static Task BulkLoadAsync(string insertSql) => ExecuteAsync($"""
        alter table attachments disable trigger attachment_counts_insert_delete;
        {insertSql};
        alter table attachments enable trigger attachment_counts_insert_delete;
        select attachment_counts_rebuild();
        """);

    protected static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The path of <paramref name="location"/> under a local storage root. Only for what is about the local disk
    /// itself (<see cref="DiskOnlyAttribute"/> tests); everything else goes through <see cref="TestStorage"/>.
    /// </summary>
    protected static string StoredPath(string root, string location) =>
        Path.Combine(root, location.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Every file under a local folder, relative to it, in order; left out is the lock file a running instance holds in
    /// its temp folder. Only for what is about the local disk itself; stored files are <see cref="TestStorage.Files"/>.
    /// </summary>
    protected static IReadOnlyList<string> FilesUnder(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(f => !(f.StartsWith(".tmp/", StringComparison.Ordinal) && f.EndsWith("/instance.lock", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    private static async Task ResetDatabaseAsync()
    {
        // A background job the previous test started may still hold row locks on jobs and attachments; TRUNCATE locks
        // its tables one after the other, so PostgreSQL can pick it as a deadlock's victim. That job's work is about to
        // be wiped anyway: try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync("TRUNCATE attachments, trashed_attachments, attachment_categories, users, jobs RESTART IDENTITY CASCADE");
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(CancellationToken.None);
    }

    private static string NewStorageRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "attachments-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return root;
    }
}
