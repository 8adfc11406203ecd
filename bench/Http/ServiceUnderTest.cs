using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Attachments.Bench.Http;

/// <summary>
/// A throwaway PostgreSQL cluster (scripts/postgres.sh) and the built service (src/Api, Release) running on it,
/// configured as a deployment would be, with the rate limits raised so the benchmark is never refused.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "bench-password-123";

    private readonly string _repo;
    private readonly string _state;
    private readonly Dictionary<string, string> _postgresEnvironment;
    private Process? _service;

    private ServiceUnderTest(string repo, string state, Dictionary<string, string> postgresEnvironment, string connectionString)
    {
        _repo = repo;
        _state = state;
        _postgresEnvironment = postgresEnvironment;
        ConnectionString = connectionString;
        StorageRoot = Path.Combine(state, "storage");
    }

    public string ConnectionString { get; }

    public string StorageRoot { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int Pid => _service?.Id ?? throw new InvalidOperationException("The service is not running.");

    public static async Task<ServiceUnderTest> StartAsync(string repo)
    {
        var state = Path.Combine(repo, ".data", "bench");
        if (Directory.Exists(state))
            Directory.Delete(state, recursive: true);
        Directory.CreateDirectory(state);

        var environment = new Dictionary<string, string>
        {
            ["ATTACHMENTS_PGDATA"] = Path.Combine(state, "postgres"),
            ["ATTACHMENTS_PGPORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var connectionString = (await Shell.RunAsync(Path.Combine(repo, "scripts", "postgres.sh"), ["start"], environment)).Trim();
        var service = new ServiceUnderTest(repo, state, environment, connectionString);
        await service.StartServiceAsync();
        return service;
    }

    private async Task StartServiceAsync()
    {
        Directory.CreateDirectory(StorageRoot);
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var app = Path.Combine(_repo, "src", "Api", "bin", "Release", "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "Attachments.Api.dll")])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // A fresh process re-compiles its hot methods in the background for thousands of requests (tiered JIT:
            // 40% of its CPU was the JIT after 150 warm-up uploads). Fully optimised code from the first call is
            // what a long-running instance converges to, so that is what is measured (bench/notes.md).
            ["DOTNET_TieredCompilation"] = "0",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["ConnectionStrings__Attachments"] = ConnectionString,
            ["Storage__Root"] = StorageRoot,
            ["Auth__SigningKey"] = "bench-signing-key-0123456789abcdef0123456789abcdef",
            ["Auth__BootstrapAdmin__UserName"] = AdminUser,
            ["Auth__BootstrapAdmin__Password"] = AdminPassword,
            ["Upload__MaxFileSizeBytes"] = (2L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Server__RequestTimeout"] = "00:10:00",
            ["RateLimits__Login__PermitLimit"] = "100000",
            ["RateLimits__Upload__PermitLimit"] = "100000",
            ["RateLimits__UploadPerAddress__PermitLimit"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
            start.Environment[key] = value;

        _service = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = Path.Combine(_state, "service.log");
        _ = Pump(_service.StandardOutput, log);
        _ = Pump(_service.StandardError, log);

        using var http = new HttpClient { BaseAddress = BaseAddress };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (_service.HasExited)
                throw new InvalidOperationException($"The service exited with {_service.ExitCode}; see {log}.");
            try
            {
                if ((await http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service did not become ready in 60 s; see {log}.");
    }

    private static readonly Lock LogLock = new();

    private static async Task Pump(StreamReader reader, string path)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (LogLock)
                File.AppendAllLines(path, [line]);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is { HasExited: false })
        {
            _service.Kill(entireProcessTree: true);
            await _service.WaitForExitAsync();
        }

        _service?.Dispose();
        await Shell.RunAsync(Path.Combine(_repo, "scripts", "postgres.sh"), ["stop"], _postgresEnvironment);
    }
}
