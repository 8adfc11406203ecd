using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// The built API as a real operating-system process (<c>dotnet Attachments.Api.dll</c>, the copy in the test
/// output, so it is always the build and configuration the tests run with), configured only through
/// environment variables as a deployment would be (in the S3 storage mode those of <see cref="TestStorage.For"/> the
/// storage root as well). Its output is captured; <see cref="KillAsync"/> ends it
/// with SIGKILL, and <see cref="StartAsync"/> on the same database and storage starts it again.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "admin-password-for-fault-tests";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _inTerminal;
    private readonly string? _traceSyscallsTo;

    private ServiceProcess(
        Process process, string connectionString, string storageRoot, IReadOnlyDictionary<string, string> settings, bool inTerminal, string? traceSyscallsTo)
    {
        _process = process;
        _inTerminal = inTerminal;
        _traceSyscallsTo = traceSyscallsTo;
        ConnectionString = connectionString;
        StorageRoot = storageRoot;
        Settings = settings;
    }

    public string ConnectionString { get; }

    public string StorageRoot { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException("The service is not listening.");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    private static string ApiDirectory => AppContext.BaseDirectory;

    /// <summary>
    /// Starts the API on a free loopback port and waits until <c>/health/live</c> answers.
    /// <paramref name="settings"/> are configuration keys (<c>Section:Key</c>) on top of the defaults here.
    /// </summary>
    /// <param name="traceSyscallsTo">Runs the API under <c>strace</c>, writing the <see cref="TracedSyscalls"/> of all its threads to this file.</param>
    public static async Task<ServiceProcess> StartAsync(
        string connectionString, string storageRoot, IReadOnlyDictionary<string, string>? settings = null, bool inTerminal = false,
        string? traceSyscallsTo = null)
    {
        var service = Launch(connectionString, storageRoot, settings ?? new Dictionary<string, string>(), inTerminal, traceSyscallsTo);
        try
        {
            await service.WaitUntilLiveAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the API and waits for it to end by itself (start-up refused), returning its exit code; fails if
    /// it is still running after the start-up timeout.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(
        string connectionString, string storageRoot, IReadOnlyDictionary<string, string>? settings = null)
    {
        await using var service = Launch(connectionString, storageRoot, settings ?? new Dictionary<string, string>(), inTerminal: false, traceSyscallsTo: null);
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await service._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The service was expected to refuse to start, but it still runs after {StartTimeout.TotalSeconds:0} s.{Environment.NewLine}{service.Output}");
        }

        // WaitForExit without a timeout also waits for the output streams to be read to their end.
        await service._process.WaitForExitAsync(CancellationToken.None);
        return (service.ExitCode, service.Output);
    }

    /// <summary>A new process with the same database, storage folder and settings (this one must have ended).</summary>
    public Task<ServiceProcess> StartAgainAsync()
    {
        if (!HasExited)
            throw new InvalidOperationException("Kill or stop the running process first.");

        return StartAsync(ConnectionString, StorageRoot, Settings, _inTerminal, _traceSyscallsTo);
    }

    /// <summary>SIGKILL on Linux (Process.Kill): no shutdown code runs, exactly like a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: _inTerminal || _traceSyscallsTo is not null);

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it: the host shuts down gracefully. Waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            Assert.Ignore("A graceful stop is sent as SIGTERM, which needs a Unix-like system.");

        // strace ends the command it runs abruptly when it gets SIGTERM itself, so a traced API is sent the signal directly.
        var target = _traceSyscallsTo is not null && !_inTerminal
            ? File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Trim()
            : _process.Id.ToString(CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-TERM", target]))
            await kill.WaitForExitAsync();

        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<HttpClient> LoggedInClientAsync()
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/login", new { user_name = AdminUserName, password = AdminPassword });
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("data").GetProperty("token").GetString());
        return client;
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/>, and returns that line.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = _output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
                return line;

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Assert.Fail($"No output line contains \"{text}\" within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    /// <param name="inTerminal">Runs the API under util-linux <c>script</c>, so its output is a pseudo-terminal as in a shell.</param>
    /// <param name="traceSyscallsTo">Runs the API under <c>strace</c> (inside <c>script</c> when both are asked for).</param>
    private static ServiceProcess Launch(
        string connectionString, string storageRoot, IReadOnlyDictionary<string, string> settings, bool inTerminal, string? traceSyscallsTo)
    {
        var api = Path.Combine(ApiDirectory, "Attachments.Api.dll");
        var command = new List<string>();
        if (traceSyscallsTo is not null)
            command.AddRange([Strace(), .. StraceOptions, "-o", traceSyscallsTo, "--"]);
        command.AddRange([DotnetHost(), api]);

        var startInfo = new ProcessStartInfo(inTerminal ? "script" : command[0])
        {
            WorkingDirectory = ApiDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (inTerminal)
        {
            foreach (var argument in new[] { "-qfec", "exec " + string.Join(' ', command.Select(a => $"'{a}'")), "/dev/null" })
                startInfo.ArgumentList.Add(argument);
        }
        else
        {
            foreach (var argument in command.Skip(1))
                startInfo.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings:Attachments"] = connectionString,
            ["Storage:Root"] = storageRoot,
            ["Auth:SigningKey"] = "fault-tests-signing-key-0123456789abcdefghijkl",
            ["Auth:BootstrapAdmin:UserName"] = AdminUserName,
            ["Auth:BootstrapAdmin:Password"] = AdminPassword,
            ["RateLimits:Login:PermitLimit"] = "100000",
            ["RateLimits:LoginPerUserName:PermitLimit"] = "100000",
            ["RateLimits:Upload:PermitLimit"] = "100000",
            ["RateLimits:UploadPerAddress:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in TestStorage.For(storageRoot).Settings)
            environment[key] = value;
        foreach (var (key, value) in settings)
            environment[key] = value;

        // A test runner's own ASP.NET settings must not leak in; the port is the kernel's choice, read back from the log.
        foreach (var inherited in startInfo.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_STARTUP", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(inherited);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, connectionString, storageRoot, settings, inTerminal, traceSyscallsTo);
        process.OutputDataReceived += (_, e) => service.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => service.Collect(e.Data);
        process.Exited += (_, _) => service._listening.TrySetException(new InvalidOperationException("The service exited."));
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {startInfo.FileName}.");

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// What a trace records: file and directory syncs, renames, and the sends on sockets (to place the response and
    /// the SQL sent to PostgreSQL among them). <c>-yy</c> names each descriptor's file or TCP endpoints; only these
    /// calls stop the process (seccomp), so the rest of it runs at full speed.
    /// </summary>
    public const string TracedSyscalls = "fsync,fdatasync,rename,renameat,renameat2,sendto,sendmsg";

    private static readonly string[] StraceOptions = ["-f", "-qq", "-yy", "-s", "256", "--seccomp-bpf", "-e", "trace=" + TracedSyscalls];

    /// <summary>strace from PATH; a test that traces must fail, not skip, on a machine without it.</summary>
    private static string Strace()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "strace"))
            .FirstOrDefault(File.Exists);
        if (found is null)
            Assert.Fail("strace is not installed, and this test traces the API's system calls with it: install the Debian package 'strace' (.ci/run installs what the tests need).");

        return found!;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Collect(string? line)
    {
        if (line is null)
            return;

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private async Task WaitUntilLiveAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        Uri address;
        try
        {
            address = await _listening.Task.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Let the output streams drain so the message shows why.
            if (_process.HasExited)
                await _process.WaitForExitAsync(CancellationToken.None);
            throw new InvalidOperationException($"The service did not start listening ({e.Message}).{Environment.NewLine}{Output}", e);
        }

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/live", timeout.Token);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not accepting yet.
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
