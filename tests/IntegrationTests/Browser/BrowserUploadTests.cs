using System.Net;
using System.Net.Sockets;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Browser;

/// <summary>
/// The README's browser examples (fetch + FormData, and Uppy) run in a real headless Chromium on a page of another
/// origin against the real API process: a refused file shows the service's msg after one request, and only 429 is
/// retried, after Retry-After. The browser side is <c>tests/Browser/run.mjs</c>.
/// </summary>
public sealed class BrowserUploadTests : ProcessTestBase
{
    private const string Chromium = "/usr/bin/chromium";

    [Test]
    public async Task ReadmeExamples_InChromiumOnAnotherOrigin_ShowTheServicesMsgAndRetryOnlyRateLimits()
    {
        var folder = Repository.File(Path.Combine("tests", "Browser"));
        Assert.That(File.Exists(Chromium), Is.True,
            $"{Chromium} is missing: install the Debian package 'chromium' (apt-get install chromium; .ci/run does).");
        Assert.That(Directory.Exists(Path.Combine(folder, "node_modules")), Is.True,
            $"{folder}/node_modules is missing: run 'npm ci --prefix tests/Browser' (scripts/test.sh does).");

        var pagePort = FreeLoopbackPort();
        var service = await StartServiceAsync(new Dictionary<string, string>
        {
            ["Cors:AllowedOrigins:0"] = $"http://127.0.0.1:{pagePort}",
            // Small enough that three uploads in a row meet the limit, long enough that they surely fall in one window.
            ["RateLimits:Upload:PermitLimit"] = "2",
            ["RateLimits:Upload:Window"] = "00:00:04",
            ["Upload:MaxFileSizeBytes"] = "1048576",
        });

        var (exitCode, output) = await NodeScripts.RunAsync(folder, "run.mjs", new Dictionary<string, string>
        {
            ["ATTACHMENTS_URL"] = service.BaseAddress.ToString().TrimEnd('/'),
            ["ATTACHMENTS_USER"] = ServiceProcess.AdminUserName,
            ["ATTACHMENTS_PASSWORD"] = ServiceProcess.AdminPassword,
            ["PAGE_PORT"] = pagePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CHROMIUM_PATH"] = Chromium,
        });

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.EqualTo(0), output);
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
