using System.Diagnostics;

namespace Attachments.IntegrationTests.Browser;

/// <summary>Runs a Node.js script of <c>tests/Browser</c> (which drives Chromium) and answers its exit code and output.</summary>
internal static class NodeScripts
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string script, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            startInfo.Environment[key] = value;

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Node.js is missing ({e.Message}): install the Debian packages 'nodejs' and 'npm' (.ci/run does).");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(NodeTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"The browser test did not finish within {NodeTimeout.TotalMinutes:0} minutes.{Environment.NewLine}{await stdout}{await stderr}");
            }

            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
