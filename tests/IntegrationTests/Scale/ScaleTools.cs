using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Attachments.IntegrationTests.Scale;

/// <summary>What the scale scenario's helper processes (nginx, redis-server) share: finding programs, ports, and output.</summary>
internal static class ScaleTools
{
    /// <summary>The program from PATH or the usual system folders (sbin too: nginx lives in /usr/sbin); fails naming the package.</summary>
    public static string Require(string program, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail(
                $"{program} is not installed, and the scale scenario runs it: apt-get install -y --no-install-recommends {package} " +
                "(.ci/run installs what the tests need).");
        }

        return found!;
    }

    /// <summary>A loopback port nothing listens on right now (the kernel's choice, released again).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until something accepts TCP connections on the port, or <paramref name="exited"/> says the program gave up.</summary>
    public static async Task WaitForPortAsync(int port, Func<bool> exited, TimeSpan timeout, Func<string> explain)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                if (exited() || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port}.{Environment.NewLine}{explain()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts a child process whose stdout and stderr are collected into <paramref name="output"/>.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, ConcurrentQueue<string> output, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                output.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                output.Enqueue(e.Data);
        };
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {program}.");

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover folder in the temp directory must not fail the teardown.
        }
    }
}
