using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// A throwaway redis-server (Debian package <c>redis-server</c>) on a free loopback port, in memory only. The tests that
/// need one share <see cref="SharedAsync"/>, started on first use and stopped at the end of the run; a test that stops
/// its Redis starts one of its own.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static RedisServer? s_shared;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string, as <c>ConnectionStrings:Redis</c> takes it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},connectTimeout=2000";

    public static async Task<RedisServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            return s_shared ??= await StartAsync();
        }
        finally
        {
            SharedGate.Release();
        }
    }

    public static async Task StopSharedAsync()
    {
        if (s_shared is not null)
            await s_shared.DisposeAsync();
        s_shared = null;
    }

    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "redis-server is not installed, and the shared rate-limit tests count in a real Redis: install the Debian package " +
                "'redis-server' (apt-get install -y --no-install-recommends redis-server; .ci/run installs what the tests need).");

        var port = FreeTcpPort();
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var server = new RedisServer(process, port);
        process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            await server.WaitUntilAnswersAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets every counter, so that a test starts from empty windows whatever ran before it.</summary>
    public async Task FlushAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        await connection.GetServer("127.0.0.1", Port).FlushAllDatabasesAsync();
    }

    /// <summary>SIGKILL: the server is gone at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilAnswersAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                    return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server did not answer on port {Port} within {StartTimeout.TotalSeconds:0} s.");
            await Task.Delay(50);
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback port that nothing listens on: a Redis that is configured but unreachable.</summary>
    public static int UnusedPort() => FreeTcpPort();

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
}
