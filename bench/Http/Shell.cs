using System.Diagnostics;

namespace Attachments.Bench.Http;

public static class Shell
{
    /// <summary>Runs a program to its end and answers its standard output; a non-zero exit is an exception with its stderr.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>Runs a program and answers the CPU seconds it used (user + system, its threads and children).</summary>
    public static async Task<double> CpuOfAsync(string program, IEnumerable<string> arguments)
    {
        var before = ProcessStats.ChildrenCpuSeconds();
        await RunAsync(program, arguments);
        return ProcessStats.ChildrenCpuSeconds() - before;
    }
}
