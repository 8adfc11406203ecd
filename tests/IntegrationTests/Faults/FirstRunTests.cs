using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Faults;

/// <summary>What a new user sees when the real process starts: a clean first start, a busy port, a terminal.</summary>
public sealed partial class FirstRunTests : ProcessTestBase
{
    [Test]
    public async Task Start_OnAnEmptyDatabase_MigratesWithoutAnErrorOrWarningLine()
    {
        var service = await StartServiceAsync();

        var lines = service.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var levels = lines.Select(LevelOf).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Contains("Applying migration"), service.Output);
            Assert.That(levels, Has.None.EqualTo("Error").And.None.EqualTo("Critical").And.None.EqualTo("Warning"), service.Output);
        });
    }

    [Test]
    public async Task Start_OnABusyPort_SaysSoInOneLineNamingTheAddressAndExitsNonZero()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)squatter.LocalEndpoint).Port}";

        var (exitCode, output) = await ServiceProcess.RunUntilExitAsync(
            ConnectionString, StorageRoot, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = address });

        var plain = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Where(l => LevelOf(l) is null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), output);
            Assert.That(plain, Has.Count.EqualTo(1), output);
            Assert.That(plain.FirstOrDefault(), Does.Contain(address).And.Contain("already in use").And.Contain("--urls"), output);
            Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("\"LogLevel\":\"Error\""), "no stack trace, no error log");
            Assert.That(output, Does.Not.Contain("Now listening"));
        });
    }

    [Test]
    public async Task Start_InATerminal_WritesReadableLinesInsteadOfJson()
    {
        var service = await StartServiceAsync(inTerminal: true);

        var text = AnsiEscape().Replace(service.Output, "");
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Contains("info: Attachments."), text);
            Assert.That(lines.Where(l => l.TrimStart().StartsWith("{\"Timestamp\"", StringComparison.Ordinal)), Is.Empty, service.Output);
        });
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex AnsiEscape();

    /// <summary>The level of a JSON log line, or null for a line that is not one.</summary>
    private static string? LevelOf(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.GetProperty("LogLevel").GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
