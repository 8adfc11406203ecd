using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// A real PostgreSQL server for the integration tests: the one named by ATTACHMENTS_TEST_CONNECTION,
/// else a Testcontainers container, else a throwaway local cluster made with initdb.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string ConnectionVariable = "ATTACHMENTS_TEST_CONNECTION";

    private const string ContainerImage = "postgres:15-alpine";
    private const string ClusterOwner = "postgres";
    private const int MaxIdentifierBytes = 63;
    private static readonly TimeSpan ContainerStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly IBackend _backend;

    private PostgresServer(IBackend backend) => _backend = backend;

    /// <summary>"environment", "testcontainers" or "local cluster".</summary>
    public string Kind => _backend.Kind;

    /// <summary>Connection string to the "postgres" database as a user allowed to CREATE DATABASE.</summary>
    public string AdminConnectionString => _backend.AdminConnectionString;

    public bool CanStopAndStart => _backend.CanStopAndStart;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var attempts = new List<string>();
        var backend = EnvironmentBackend.TryCreate(attempts)
            ?? await ContainerBackend.TryStartAsync(attempts, cancellationToken)
            ?? await LocalClusterBackend.TryStartAsync(attempts, cancellationToken)
            ?? throw NoServerAvailable(attempts);
        return new PostgresServer(backend);
    }

    /// <summary>
    /// Connection string to <paramref name="database"/> on this server. Compute it again after
    /// <see cref="StartAgainAsync"/> if you need to be robust to a changed port.
    /// </summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database, dropping any existing one of that name first.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await DropDatabaseAsync(name, ct);
        await ExecuteAdminAsync($"CREATE DATABASE {QuoteIdentifier(name)}", ct);
        return ConnectionStringFor(name);
    }

    public async Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        var quoted = QuoteIdentifier(name);
        // WITH (FORCE) kills this process's idle pooled connections to the database as well; without
        // clearing the pool they would be handed out dead to the next user of the same connection string.
        ClearPool(ConnectionStringFor(name));
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", ct);
    }

    /// <summary>
    /// Stops the server process; the data survives for <see cref="StartAgainAsync"/>. Clears every Npgsql pool
    /// in this process, so while it is down a new connection fails at once with "connection refused".
    /// </summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _backend.StopAsync();
    }

    /// <summary>
    /// Starts the server stopped by <see cref="StopAsync"/>, on the same port where the backend allows it.
    /// Clears every Npgsql pool in this process, so that the first command afterwards gets a live connection.
    /// </summary>
    public async Task StartAgainAsync()
    {
        await _backend.StartAgainAsync();
        // Connections pooled across the restart were killed by the server (57P01) and Npgsql only finds
        // out when one is used, which would fail the first command of whoever rents it.
        NpgsqlConnection.ClearAllPools();
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    private async Task ExecuteAdminAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // PostgreSQL silently truncates longer names, which would break the returned connection string.
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
            throw new ArgumentException($"Database name '{name}' is longer than {MaxIdentifierBytes} bytes.", nameof(name));
        return $"\"{name.Replace("\"", "\"\"")}\"";
    }

    private static InvalidOperationException NoServerAvailable(IEnumerable<string> attempts) => new(
        $"""
        Could not provision a PostgreSQL server for the integration tests. Tried, in order:
        {string.Join(Environment.NewLine, attempts.Select(a => $"  - {a}"))}
        Fix it in one of these ways:
          - set {ConnectionVariable} to an Npgsql connection string for a user allowed to CREATE DATABASE,
            e.g. "Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres"
            (./scripts/postgres.sh start prints one for a local cluster);
          - install the PostgreSQL server binaries so initdb and pg_ctl exist
            (Debian/Ubuntu: apt-get install postgresql);
          - start a Docker engine so Testcontainers can run {ContainerImage}.
        """);

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindExecutable(string name)
    {
        // sbin is searched too: a root PATH inherited from a non-login shell often lacks it (runuser lives there).
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@".Contains(c))
            ? value
            : $"'{value.Replace("'", "'\\''")}'";

    private static async Task<CommandResult> RunAsync(Command command, string workingDirectory, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{command}`.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{command}` did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }

        return new CommandResult(command, process.ExitCode, await stdout, await stderr);
    }

    private static async Task<CommandResult> RunCheckedAsync(Command command, string workingDirectory, CancellationToken ct)
    {
        var result = await RunAsync(command, workingDirectory, ct);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException(result.Describe());
    }

    private static string Section(string title, string text) =>
        string.IsNullOrWhiteSpace(text) ? "" : $"{Environment.NewLine}--- {title} ---{Environment.NewLine}{text.TrimEnd()}";

    private sealed record Command(string FileName, IReadOnlyList<string> Arguments)
    {
        public override string ToString() => string.Join(' ', Arguments.Prepend(FileName).Select(ShellQuote));
    }

    private sealed record CommandResult(Command Command, int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe() =>
            $"`{Command}` exited with code {ExitCode}.{Section("stdout", StandardOutput)}{Section("stderr", StandardError)}";
    }

    private interface IBackend : IAsyncDisposable
    {
        string Kind { get; }
        string AdminConnectionString { get; }
        bool CanStopAndStart { get; }
        Task StopAsync();
        Task StartAgainAsync();
    }

    private sealed class EnvironmentBackend(string connectionString) : IBackend
    {
        public string Kind => "environment";
        public string AdminConnectionString => connectionString;
        public bool CanStopAndStart => false;

        public static EnvironmentBackend? TryCreate(List<string> attempts)
        {
            var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
            if (!string.IsNullOrWhiteSpace(connectionString))
                return new EnvironmentBackend(connectionString);

            attempts.Add($"environment: {ConnectionVariable} is not set");
            return null;
        }

        public Task StopAsync() => throw NotSupported();
        public Task StartAgainAsync() => throw NotSupported();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static NotSupportedException NotSupported() => new(
            $"The PostgreSQL server comes from {ConnectionVariable} and is managed outside the tests, so it cannot be " +
            $"stopped or started. Check {nameof(CanStopAndStart)} and skip such tests (Assume.That), or unset " +
            $"{ConnectionVariable} to let the tests run their own server.");
    }

    private sealed class ContainerBackend(PostgreSqlContainer container) : IBackend
    {
        private const int PostgresPort = 5432;

        public string Kind => "testcontainers";
        public bool CanStopAndStart => true;

        public string AdminConnectionString =>
            new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;

        public static async Task<IBackend?> TryStartAsync(List<string> attempts, CancellationToken ct)
        {
            if (!DockerMayBeAvailable(out var reason))
            {
                attempts.Add($"testcontainers: skipped, {reason}");
                return null;
            }

            PostgreSqlContainer? container = null;
            try
            {
                // A fixed host port keeps connection strings (and an app configured with one) valid across Stop/Start.
                container = new PostgreSqlBuilder(ContainerImage).WithPortBinding(FreeTcpPort(), PostgresPort).Build();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ContainerStartTimeout);
                await container.StartAsync(timeout.Token);
                return new ContainerBackend(container);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                attempts.Add($"testcontainers: starting {ContainerImage} failed: {e.GetType().Name}: {e.Message}");
                if (container is not null)
                    await DisposeQuietlyAsync(container);
                return null;
            }
        }

        public Task StopAsync() => container.StopAsync();
        public Task StartAgainAsync() => container.StartAsync();
        public ValueTask DisposeAsync() => container.DisposeAsync();

        private static bool DockerMayBeAvailable(out string reason)
        {
            const string socket = "/var/run/docker.sock";
            var runtimeDirectory = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var rootlessSocket = runtimeDirectory is null ? null : Path.Combine(runtimeDirectory, "docker.sock");
            reason = $"no Docker socket at {socket} and DOCKER_HOST is not set";
            return File.Exists(socket)
                || (rootlessSocket is not null && File.Exists(rootlessSocket))
                || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST"));
        }

        private static async Task DisposeQuietlyAsync(PostgreSqlContainer container)
        {
            try
            {
                await container.DisposeAsync();
            }
            catch (Exception)
            {
                // The engine that failed to start the container usually fails to remove it too; nothing to add.
            }
        }
    }

    private sealed class LocalClusterBackend : IBackend
    {
        private const string PostgresBinRoot = "/usr/lib/postgresql";

        private readonly string _root;
        private readonly string _binDirectory;
        private readonly Func<string, string[], Command> _asOwner;
        private readonly int _port;
        private bool _disposed;

        private LocalClusterBackend(string root, string binDirectory, Func<string, string[], Command> asOwner, int port)
        {
            _root = root;
            _binDirectory = binDirectory;
            _asOwner = asOwner;
            _port = port;
        }

        public string Kind => "local cluster";
        public bool CanStopAndStart => true;

        public string AdminConnectionString =>
            $"Host=127.0.0.1;Port={_port};Username={ClusterOwner};Database=postgres;Pooling=true";

        private string DataDirectory => Path.Combine(_root, "data");
        private string LogFile => Path.Combine(_root, "log");

        public static async Task<IBackend?> TryStartAsync(List<string> attempts, CancellationToken ct)
        {
            var binDirectory = await FindBinDirectoryAsync(ct);
            if (binDirectory is null)
            {
                attempts.Add($"local cluster: no initdb in {PostgresBinRoot}/*/bin, in `pg_config --bindir` or on PATH");
                return null;
            }

            var root = Directory.CreateTempSubdirectory("attachments-pg-").FullName;
            LocalClusterBackend? cluster = null;
            try
            {
                var asOwner = await PrepareOwnershipAsync(root, ct);
                cluster = new LocalClusterBackend(root, binDirectory, asOwner, FreeTcpPort());
                await cluster.InitializeAsync(ct);
                await cluster.StartServerAsync(ct);
                return cluster;
            }
            catch (Exception e)
            {
                if (cluster is not null)
                    await cluster.DisposeAsync();
                else
                    DeleteQuietly(root);
                if (e is OperationCanceledException)
                    throw;

                attempts.Add($"local cluster with {binDirectory}: {e.Message}");
                return null;
            }
        }

        public Task StopAsync() =>
            RunCheckedAsync(PgCtl("stop", "-D", DataDirectory, "-m", "fast", "-w"), _root, CancellationToken.None);

        public Task StartAgainAsync() => StartServerAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
                return;
            _disposed = true;

            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await RunAsync(PgCtl("stop", "-D", DataDirectory, "-m", "immediate", "-w"), _root, CancellationToken.None);
            DeleteQuietly(_root);
        }

        private Command PgCtl(params string[] arguments) => _asOwner(Path.Combine(_binDirectory, "pg_ctl"), arguments);

        private async Task InitializeAsync(CancellationToken ct)
        {
            var initdb = _asOwner(
                Path.Combine(_binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", ClusterOwner, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await RunCheckedAsync(initdb, _root, ct);
        }

        private async Task StartServerAsync(CancellationToken ct)
        {
            // Durability is worthless for a throwaway cluster; turning it off makes DDL-heavy tests much faster.
            var serverOptions = string.Join(' ',
                "-p", _port.ToString(), "-k", ShellQuote(_root), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            var start = PgCtl("start", "-D", DataDirectory, "-o", serverOptions, "-l", LogFile, "-w");

            var result = await RunAsync(start, _root, ct);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{result.Describe()}{Section($"server log {LogFile}", ReadLogTail())}");
        }

        private string ReadLogTail()
        {
            const int tailLength = 4000;
            if (!File.Exists(LogFile))
                return "";
            var log = File.ReadAllText(LogFile);
            return log.Length <= tailLength ? log : log[^tailLength..];
        }

        private static void DeleteQuietly(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover directory in the temp folder must not fail a test run's teardown.
            }
        }

        private static async Task<Func<string, string[], Command>> PrepareOwnershipAsync(string root, CancellationToken ct)
        {
            if (Environment.UserName != "root")
                return (program, arguments) => new Command(program, arguments);

            // initdb and postgres refuse to run as root, so the cluster belongs to the postgres OS user.
            var chown = FindExecutable("chown") ?? "chown";
            await RunCheckedAsync(new Command(chown, [ClusterOwner, root]), root, ct);

            if (FindExecutable("runuser") is { } runuser)
                return (program, arguments) => new Command(runuser, ["-u", ClusterOwner, "--", program, .. arguments]);
            if (FindExecutable("su") is { } su)
            {
                return (program, arguments) =>
                {
                    var script = string.Join(' ', arguments.Prepend(program).Select(ShellQuote));
                    return new Command(su, [ClusterOwner, "-s", "/bin/sh", "-c", script]);
                };
            }

            throw new InvalidOperationException(
                $"running as root, but neither runuser nor su was found to run initdb as the {ClusterOwner} user");
        }

        private static async Task<string?> FindBinDirectoryAsync(CancellationToken ct)
        {
            var candidates = VersionedBinDirectories().ToList();
            if (FindExecutable("pg_config") is { } pgConfig)
            {
                try
                {
                    var result = await RunAsync(new Command(pgConfig, ["--bindir"]), Path.GetTempPath(), ct);
                    if (result.ExitCode == 0)
                        candidates.Add(result.StandardOutput.Trim());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A broken pg_config only removes one candidate; the others are still worth trying.
                }
            }

            // Distributions link initdb into PATH; the link's own directory need not hold pg_ctl and postgres.
            if (FindExecutable("initdb") is { } initdb
                && (new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb) is var target
                && File.Exists(target))
                candidates.Add(Path.GetDirectoryName(target)!);

            return candidates.FirstOrDefault(HasServerBinaries);
        }

        private static IEnumerable<string> VersionedBinDirectories()
        {
            if (!Directory.Exists(PostgresBinRoot))
                return [];

            return Directory.GetDirectories(PostgresBinRoot)
                .Select(d => (Directory: d, Version: ParseVersion(Path.GetFileName(d))))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Directory, "bin"));
        }

        private static Version? ParseVersion(string name) =>
            Version.TryParse(name.Contains('.') ? name : $"{name}.0", out var version) ? version : null;

        private static bool HasServerBinaries(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
    }
}
