using System.IO.Compression;
using System.Text;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Serving;

public sealed class ServedContentTypeTests : IntegrationTestBase
{
    private static IEnumerable<TestCaseData> AllowedFiles()
    {
        yield return Case("report.pdf", TestFiles.Pdf(), "application/pdf");
        yield return Case("notes.txt", Encoding.UTF8.GetBytes("plain notes\n"), "text/plain");
        yield return Case("table.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"), "text/csv");
        yield return Case("song.mp3", [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, .. new byte[64]], "audio/mpeg");
        yield return Case("archive.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4, .. new byte[64]], "application/x-7z-compressed");
        yield return Case("song.flac", [.. "fLaC"u8, 0, 0, 0, 34, .. new byte[64]], "audio/flac");
        yield return Case("letter.odt", OpenDocument("application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text");
        yield return Case("sheet.ods", OpenDocument("application/vnd.oasis.opendocument.spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet");
        yield return Case("slides.odp", OpenDocument("application/vnd.oasis.opendocument.presentation"), "application/vnd.oasis.opendocument.presentation");
    }

    [TestCaseSource(nameof(AllowedFiles))]
    public async Task Get_UploadedFileOfAnAllowedType_IsServedAsADownloadWithItsContentType(
        string fileName, byte[] content, string contentType)
    {
        var data = await UploadOkAsync(await LoggedInClientAsync(), content, fileName);
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.GetAsync(data.GetProperty("logo").GetString());

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), data.GetProperty("file_location").GetString());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
        });
    }

    [TestCase("/uploads")]
    [TestCase("/uploads/")]
    public async Task Get_UploadsFolder_DoesNotListFiles(string path)
    {
        await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");
        var month = $"/uploads/{DateTime.UtcNow:yyyyMM}/";
        using var anonymous = Factory.CreateClient();

        using var root = await anonymous.GetAsync(path);
        using var monthFolder = await anonymous.GetAsync(month);

        Assert.That((int)root.StatusCode, Is.EqualTo(404));
        Assert.That((int)monthFolder.StatusCode, Is.EqualTo(404));
    }

    private static TestCaseData Case(string fileName, byte[] content, string contentType) =>
        new TestCaseData(fileName, content, contentType).SetArgDisplayNames(fileName);

    private static byte[] OpenDocument(string mimeType)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open()))
                writer.Write(mimeType);
            using (var writer = new StreamWriter(zip.CreateEntry("content.xml").Open()))
                writer.Write("""<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>""");
        }

        return buffer.ToArray();
    }
}
