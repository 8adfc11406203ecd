using System.Diagnostics;
using System.Text;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.OpenApi;

/// <summary>
/// A client generated from the live document by a public generator (tests/GeneratedClient: @hey-api/openapi-ts,
/// then tsc --strict) makes every README call against the real service process. It proves what the schema tests
/// cannot: that a client trusting the document compiles the README's calls and gets the answers documented.
/// </summary>
public sealed class GeneratedClientTests : ProcessTestBase
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    [Test]
    public async Task ClientGeneratedFromTheDocument_CompilesStrictAndMakesEveryReadmeCall()
    {
        var folder = Repository.File(Path.Combine("tests", "GeneratedClient"));
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            Assert.Fail($"{folder}/node_modules is missing: run `npm ci --prefix tests/GeneratedClient` (scripts/test.sh does) and test again.");

        var service = await StartServiceAsync();
        var (exitCode, output) = await RunNpmTestAsync(folder, new Dictionary<string, string>
        {
            ["ATTACHMENTS_BASE_URL"] = service.BaseAddress.ToString(),
            ["ATTACHMENTS_ADMIN_USER"] = ServiceProcess.AdminUserName,
            ["ATTACHMENTS_ADMIN_PASSWORD"] = ServiceProcess.AdminPassword,
            ["ATTACHMENTS_FIXTURES"] = Fixtures.ImagesDirectory,
        });

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.EqualTo(0), $"npm test in tests/GeneratedClient failed:{Environment.NewLine}{output}");
        Assert.That(output, Does.Contain("every README call succeeded through the generated client"), output);
    }

    private static async Task<(int ExitCode, string Output)> RunNpmTestAsync(string folder, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("test");
        startInfo.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
            startInfo.Environment[key] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Could not start npm ({e.Message}): install Node.js and npm (.ci/run does).");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"npm test did not finish within {ScriptTimeout.TotalMinutes:0} minutes:{Environment.NewLine}{Snapshot(output)}");
        }

        // Without a timeout this also waits for the output to be read to its end.
        await process.WaitForExitAsync(CancellationToken.None);
        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;

        lock (output)
            output.AppendLine(line);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
