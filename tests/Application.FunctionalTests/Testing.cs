using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Application.FunctionalTests.Support;
using Attachments.Domain.Entities;
using Attachments.Infrastructure;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Attachments.Application.FunctionalTests;

/// <summary>
/// The Application and Infrastructure layers composed as the Api composes them, without a web host: the ports the Api
/// supplies (current user, dialect, public URLs) are stand-ins. One PostgreSQL server and one migrated database serve
/// the whole run, and one storage root in a temp folder; <see cref="ResetStateAsync"/> empties both before each test.
/// </summary>
[SetUpFixture]
public sealed class Testing
{
    public const string PublicBaseUrl = "https://files.example.test";

    private const string DatabaseName = "attachments_functional_tests";

    private static readonly TestUser CurrentUser = new();
    private static PostgresServer? _server;
    private static ServiceProvider? _services;

    internal static IServiceProvider Services => _services ?? throw new InvalidOperationException("The services have not been built.");

    internal static string ConnectionString { get; private set; } = string.Empty;

    internal static string StorageRoot { get; private set; } = string.Empty;

    /// <summary>The user every command runs as.</summary>
    internal static long UserId => CurrentUser.Id ?? 0;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await PostgresServer.StartAsync();
        ConnectionString = await _server.CreateDatabaseAsync(DatabaseName);
        StorageRoot = Directory.CreateTempSubdirectory("attachments-functional-").FullName;

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Attachments"] = ConnectionString,
                ["Storage:Root"] = StorageRoot,
                ["Storage:PublicBaseUrl"] = PublicBaseUrl,
            })
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddApplicationServices(configuration);
        services.AddInfrastructureServices(configuration);
        services.AddSingleton<ICurrentUser>(CurrentUser);
        services.AddSingleton<IApiDialect, TestApiDialect>();
        services.AddSingleton<IPublicUrls>(new TestPublicUrls(PublicBaseUrl));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        // The order of src/Api/Program.cs, less the web host.
        _services.GetRequiredService<IStartupValidator>().Validate();
        MagickSecurityPolicy.Apply(_services.GetRequiredService<IOptions<ImageOptions>>().Value);
        MagickSecurityPolicy.Verify();
        await _services.GetRequiredService<IStoredFiles>().InitialiseAsync(CancellationToken.None);
        await using (var scope = _services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(CancellationToken.None);
        await _services.GetRequiredService<StorageSweeper>().SweepEverythingAsync(CancellationToken.None);

        CurrentUser.Id = await ScalarAsync<long>(
            "insert into users (user_name, password_hash, permissions, created_time, updated_time) values ('functional-tests', '', '{}', now(), now()) returning id");
        await TestContext.Progress.WriteLineAsync($"PostgreSQL for the functional tests: {_server.Kind}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
        if (Directory.Exists(StorageRoot))
            Directory.Delete(StorageRoot, recursive: true);
    }

    /// <summary>Sends the request through the real pipeline in a scope of its own, as one HTTP request would.</summary>
    public static async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>An upload staged as the Api's multipart binder stages it; the caller disposes it once the command has run.</summary>
    public static async Task<StagedFile> StageAsync(byte[] content, string fileName)
    {
        var maxBytes = Services.GetRequiredService<IOptions<UploadOptions>>().Value.MaxFileSizeBytes;
        await using var stream = new MemoryStream(content);
        return await Services.GetRequiredService<IFileStorage>().StageAsync(stream, fileName, maxBytes, CancellationToken.None);
    }

    /// <summary>Stores <paramref name="content"/> as an upload through the CMS API's command, for tests of what comes after.</summary>
    public static async Task<AttachmentDto> UploadAsync(byte[] content, string fileName)
    {
        using var file = await StageAsync(content, fileName);
        return await SendAsync(new UploadAttachmentCommand(file));
    }

    public static async Task<Attachment?> FindAttachmentAsync(long id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AttachmentsDbContext>()
            .Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);
    }

    public static async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        await command.ExecuteNonQueryAsync();
    }

    public static Task<long> CountAsync(string table) => ScalarAsync<long>($"select count(*) from {table}");

    public static Task<long> AddCategoryAsync(string title) =>
        ScalarAsync<long>(
            "insert into attachment_categories (title, status, created_time, updated_time) values (@title, 1, now(), now()) returning id",
            ("title", title));

    public static string StoredPath(string location) => StorageConsistency.PathOf(StorageRoot, location);

    public static string StoredMd5(string location) => StorageConsistency.Md5Of(StoredPath(location));

    /// <summary>Every file under <c>uploads/</c>, as a location.</summary>
    public static IReadOnlyList<string> StoredFiles() => FilesUnder("uploads");

    /// <summary>Whatever is left in the staging folder <c>.tmp/</c>, relative to the storage root.</summary>
    public static IReadOnlyList<string> StagedFiles() => FilesUnder(".tmp");

    /// <summary>Parts of chunked uploads held in <c>.chunks/</c>, relative to the storage root.</summary>
    public static IReadOnlyList<string> ChunkFiles() => FilesUnder(".chunks");

    /// <summary>Empty tables (the test user stays) and an empty storage root with the folders start-up makes.</summary>
    public static async Task ResetStateAsync()
    {
        // On tables this small DELETE takes about 5 ms where TRUNCATE, which makes new files for every table and index,
        // takes 25-40 ms, and a fresh database per fixture 350-550 ms (tests/Application.FunctionalTests/README.md).
        // The ids restart by setval: ALTER TABLE is refused while the DELETE's deferred count triggers are pending.
        await ExecuteAsync(
            """
            DELETE FROM pending_file_operations;
            DELETE FROM attachments;
            DELETE FROM trashed_attachments;
            DELETE FROM attachment_categories;
            SELECT setval(pg_get_serial_sequence('pending_file_operations', 'id'), 1, false);
            SELECT setval(pg_get_serial_sequence('attachments', 'id'), 1, false);
            SELECT setval(pg_get_serial_sequence('attachment_categories', 'id'), 1, false);
            """);
        foreach (var folder in Directory.EnumerateDirectories(StorageRoot))
            Directory.Delete(folder, recursive: true);

        await Services.GetRequiredService<IStoredFiles>().InitialiseAsync(CancellationToken.None);
    }

    /// <summary>What must hold after every command: nothing pending, nothing staged, every row's files on disk and nothing else.</summary>
    public static async Task AssertSettledAsync()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("pending_file_operations"), Is.Zero, "pending_file_operations");
            Assert.That(StagedFiles(), Is.Empty, "files left in .tmp/");
        });
        await StorageConsistency.AssertHoldsAsync(ConnectionString, StorageRoot);
    }

    private static List<string> FilesUnder(string folder)
    {
        var path = Path.Combine(StorageRoot, folder);
        return Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(StorageRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)]
            : [];
    }
}
