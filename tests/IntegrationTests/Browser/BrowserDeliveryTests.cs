using System.Text.Json;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Browser;

/// <summary>
/// A CMS page on another origin renders attachment objects as they come, in a real headless Chromium against the real
/// service process: the srcset picks a size, AVIF by Chromium's Accept; a private photo shows only by its signed URL.
/// The browser side is <c>tests/Browser/delivery.mjs</c>.
/// </summary>
public sealed class BrowserDeliveryTests : ProcessTestBase
{
    private const string Chromium = "/usr/bin/chromium";

    [Test]
    public async Task AttachmentObjects_InChromium_RenderTheSrcsetAsAvif_AndAPrivatePhotoOnlyByItsSignedUrl()
    {
        var folder = Repository.File(Path.Combine("tests", "Browser"));
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: install the Debian package 'chromium' (apt-get install chromium; .ci/run does).");
        Assert.That(Directory.Exists(Path.Combine(folder, "node_modules")), Is.True, $"{folder}/node_modules is missing: run 'npm ci --prefix tests/Browser' (scripts/test.sh does).");

        var service = await StartServiceAsync();
        using var client = await service.LoggedInClientAsync();
        var photo = await UploadOkAsync(client, TestPhotos.Gradient(1200, 800), "harbour.jpg");
        var secret = await UploadOkAsync(client, TestPhotos.Gradient(640, 480), "contract.jpg", ("visibility", "private"));

        var (exitCode, output) = await NodeScripts.RunAsync(folder, "delivery.mjs", new Dictionary<string, string>
        {
            ["ATTACHMENTS_JSON"] = JsonSerializer.Serialize(new Dictionary<string, JsonElement> { ["public"] = photo, ["private"] = secret }),
            ["CHROMIUM_PATH"] = Chromium,
        });

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.EqualTo(0), output);
    }
}
