using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Attachments.IntegrationTests.Scale;

/// <summary>A throwaway redis-server on a free loopback port: nothing saved, killed at the end.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _directory;

    private RedisProcess(Process process, ConcurrentQueue<string> output, string directory, int port)
    {
        _process = process;
        _output = output;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the API is given as <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = ScaleTools.Require("redis-server", "redis-server");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("attachments-redis-").FullName;
            var port = ScaleTools.FreePort();
            var output = new ConcurrentQueue<string>();
            var process = ScaleTools.Start(
                redis,
                ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
                 "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"],
                output,
                directory);
            var server = new RedisProcess(process, output, directory, port);
            try
            {
                await ScaleTools.WaitForPortAsync(port, () => process.HasExited, TimeSpan.FromSeconds(20), () => server.Output);
                return server;
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"attempt {attempt}, port {port}: {e.Message}");
                await server.DisposeAsync();
            }
        }

        throw new InvalidOperationException("redis-server did not start:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    public async ValueTask DisposeAsync()
    {
        await ScaleTools.KillAsync(_process);
        _process.Dispose();
        ScaleTools.DeleteQuietly(_directory);
    }
}
