using System.Globalization;
using System.Net.Http.Headers;
using Attachments.Domain.Constants;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using static Attachments.IntegrationTests.Hostile.HostilePayloads;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// Files whose bytes disagree with their names, ImageTragick-style payloads, polyglots, and names built to steer
/// where a file is written or to break a header. The image processor is wrapped in a counter, so "never reaches the
/// decoder" is measured, not assumed.
/// </summary>
public sealed class HostileInputTests : HostileTestBase
{
    private const string StoredLocation = @"^uploads/\d{6}/\d{2}/[0-9a-f]{16}\.";

    private static readonly DecoderCalls Decoder = new();
    private static AttachmentsApiFactory? _host;
    private static WebApplicationFactory<Program>? _counted;

    private static WebApplicationFactory<Program> Counted => _counted ?? throw new InvalidOperationException("No API instance yet.");

    private static TestStorage CountedStorage => _host!.Storage;

    /// <summary>
    /// Refused by their bytes with 415. None is a corrupt image of an allowed type (which would be 422): each is
    /// a script, markup, an executable, a format the service never decodes, or two formats at once.
    /// </summary>
    private static IEnumerable<TestCaseData> RefusedContent()
    {
        yield return Case(Text(Php), "avatar.jpg", "PHP script named .jpg");
        yield return Case(Text(Html), "banner.png", "HTML named .png");
        yield return Case(Text(SvgWithScript), "logo.gif", "SVG named .gif");
        yield return Case(Text(SvgFetchingAnImage), "logo.png", "SVG with an external <image xlink:href> named .png");
        yield return Case(WindowsExecutable(), "invoice.pdf", "PE executable named .pdf");
        yield return Case(ElfExecutable(), "photo.png", "ELF executable named .png");
        yield return Case(Text(ShellScript), "photo.jpg", "shell script named .jpg");
        yield return Case(JpegZipPolyglot(), "photo.jpg", "JPEG/ZIP polyglot (camera JPEG + zip)");
        yield return Case(Gifar(), "photo.gif", "GIFAR (GIF + JAR)");
        yield return Case(GifJavaScriptPolyglot(), "photo.gif", "GIF/JavaScript polyglot (GIF89a/*…*/=alert(1)/*)");
        yield return Case(Text(ImageTragickMvg), "exploit.jpg", "ImageTragick MVG named .jpg");
        yield return Case(Text(ImageTragickMvg), "exploit.png", "ImageTragick MVG named .png");
        yield return Case(Text(ImageTragickMvg), "exploit.gif", "ImageTragick MVG named .gif");
        yield return Case(Text(MvgFileRead), "exploit.png", "MVG image primitive reading label:@/etc/passwd");
        yield return Case(Text(Msl), "exploit.png", "MSL named .png");
        yield return Case(Text("label:@/etc/passwd"), "exploit.jpg", "label:@/etc/passwd named .jpg");
        yield return Case(Text("ephemeral:/etc/passwd"), "exploit.png", "ephemeral:/etc/passwd named .png");
        yield return Case(Text(PostScript), "photo.jpg", "PostScript named .jpg");
        yield return Case(Text(Xbm), "icon.gif", "XBM named .gif");
        yield return Case(Text(Xpm), "icon.gif", "XPM named .gif");

        static TestCaseData Case(byte[] content, string fileName, string name) =>
            new TestCaseData(content, fileName).SetArgDisplayNames(name);
    }

    /// <summary>(name sent, display name stored as file_name, original name stored as original_file_name).</summary>
    private static IEnumerable<TestCaseData> HostileNames()
    {
        yield return Case("../../etc/passwd.pdf", "passwd", "passwd.pdf", "parent-directory traversal");
        yield return Case(@"..\..\windows\win.ini.pdf", "win.ini", "win.ini.pdf", "backslash traversal");
        yield return Case("/abs/path.pdf", "path", "path.pdf", "absolute path");
        yield return Case(@"C:\Windows\System32\evil.pdf", "evil", "evil.pdf", "Windows absolute path");
        yield return Case("x/../../../../tmp/evil.pdf", "evil", "evil.pdf", "traversal after a folder");
        yield return Case("%2e%2e%2fetc%2fpasswd.pdf", "%2e%2e%2fetc%2fpasswd", "%2e%2e%2fetc%2fpasswd.pdf", "percent-encoded traversal");
        yield return Case("a\0b.pdf", "ab", "ab.pdf", "NUL");
        yield return Case("a.pdf\r\nSet-Cookie: x=1", "a", "a.pdfSet-Cookie: x=1", "CR LF header injection");
        yield return Case("bell\u0007esc\u001B[31mdel\u007F.pdf", "bellesc[31mdel", "bellesc[31mdel.pdf", "other control characters");
        yield return Case("report\u202Efdp.exe", "reportfdp", "reportfdp.exe", "right-to-left override");
        yield return Case("in\u200Bvis\u2060ible.pdf", "invisible", "invisible.pdf", "zero-width characters");
        yield return Case("....", "untitled", "untitled", "only dots");
        yield return Case("CON.pdf", "CON", "CON.pdf", "Windows reserved name CON");
        yield return Case("NUL.pdf", "NUL", "NUL.pdf", "Windows reserved name NUL");
        yield return Case("年度报告 2026.pdf", "年度报告 2026", "年度报告 2026.pdf", "non-ASCII letters (kept)");
        yield return Case(new string('a', 5_000) + ".pdf", new string('a', MaxLengths.FileName), new string('a', MaxLengths.OriginalFileName - 4) + ".pdf", "5,000 characters");

        static TestCaseData Case(string sent, string display, string original, string name) =>
            new TestCaseData(sent, display, original).SetArgDisplayNames(name);
    }

    [OneTimeSetUp]
    public void StartCountedInstance()
    {
        var root = Path.Combine(Path.GetTempPath(), "attachments-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        _host = new AttachmentsApiFactory(TestEnvironment.ConnectionString, root);
        _counted = WithDecoderCounted(_host, Decoder);
    }

    [OneTimeTearDown]
    public async Task StopCountedInstanceAsync()
    {
        if (_host is null)
            return;

        await _host.DisposeAsync();
        TestStorage.Discard(_host.StorageRoot);
    }

    [SetUp]
    public void ForgetEarlierCalls()
    {
        Decoder.Reset();
        CountedStorage.DeleteUnder(TestStorage.Uploads);
    }

    [TestCaseSource(nameof(RefusedContent))]
    public async Task Upload_HostileContent_Returns415InBothDialectsWithoutReachingTheDecoder(byte[] content, string fileName)
    {
        using var client = await LoggedInClientAsync(Counted);

        using var cms = await UploadNamedAsync(client, CmsUpload, content, fileName);
        using var v1 = await UploadNamedAsync(client, V1Upload, content, fileName);

        await AssertCmsErrorAsync(cms, 415);
        await AssertV1ErrorAsync(v1, 415);
        Assert.That(Decoder.Count, Is.Zero, "calls that reached the image processor");
        await AssertNothingStoredAsync(CountedStorage);
    }

    [Test]
    public async Task Upload_PngNamedExe_IsStoredAsThePngItsBytesAre()
    {
        using var client = await LoggedInClientAsync(Counted);

        using var response = await UploadNamedAsync(client, CmsUpload, Png(1), "setup.exe");
        var attachment = (await ReadJsonAsync(response)).GetProperty("data");
        var location = attachment.GetProperty("file_location").GetString()!;
        using var anonymous = Counted.CreateClient();
        using var download = await anonymous.GetAsync("/" + location);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(location, Does.Match(StoredLocation + "png$"));
            Assert.That(attachment.GetProperty("file_name").GetString(), Is.EqualTo("setup"));
            Assert.That(attachment.GetProperty("is_image").GetInt32(), Is.EqualTo(1));
            Assert.That(Decoder.Count, Is.EqualTo(1), "the counter does count: this upload was decoded once");
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            Assert.That(HeaderOf(download, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task Upload_PdfWithJavaScript_IsStoredAsADocumentThatDownloadsSandboxed()
    {
        // PDFs are on the document allow-list; their scripts run in PDF viewers, never in the service or its origin.
        using var client = await LoggedInClientAsync(Counted);

        using var response = await UploadNamedAsync(client, CmsUpload, Text(PdfWithJavaScript), "form.pdf");
        var attachment = (await ReadJsonAsync(response)).GetProperty("data");
        var location = attachment.GetProperty("file_location").GetString()!;
        using var anonymous = Counted.CreateClient();
        using var download = await anonymous.GetAsync("/" + location);
        var served = await download.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(location, Does.Match(StoredLocation + "pdf$"));
            Assert.That(Decoder.Count, Is.Zero);
            Assert.That(served, Is.EqualTo(PdfWithJavaScript), "stored byte for byte");
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(HeaderOf(download, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(HeaderOf(download, "Content-Security-Policy"), Does.Contain("sandbox"));
        });
    }

    [TestCaseSource(nameof(HostileNames))]
    public async Task Upload_HostileName_IsStoredUnderUploadsWithASanitisedNameAndDownloadsWithASafeHeader(
        string sent, string display, string original)
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadNamedAsync(client, CmsUpload, TestFiles.Pdf(sent.GetHashCode().ToString("x8", CultureInfo.InvariantCulture)), sent);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        var attachment = body.GetProperty("data");
        var location = attachment.GetProperty("file_location").GetString()!;
        var storedOriginal = await QueryScalarAsync<string>(
            "select original_file_name from attachments where id = @id", ("id", attachment.GetProperty("id").GetInt64()));
        using var anonymous = Factory.CreateClient();
        using var download = await anonymous.GetAsync("/" + location);
        var disposition = string.Join(",", download.Content.Headers.GetValues("Content-Disposition"));
        var files = await FilesLeftAsync(Storage);

        Assert.Multiple(() =>
        {
            Assert.That(attachment.GetProperty("file_name").GetString(), Is.EqualTo(display), "file_name");
            Assert.That(storedOriginal, Is.EqualTo(original), "original_file_name");
            Assert.That(location, Does.Match(StoredLocation + "pdf$"));
            Assert.That(Storage.Exists(location), Is.True, "stored at its location, inside the storage");
            Assert.That(files, Is.EqualTo(new[] { location }), "the one stored file and nothing else");
            Assert.That((int)download.StatusCode, Is.EqualTo(200));
            Assert.That(disposition.Where(c => c is '\r' or '\n' or '\0'), Is.Empty, "CR, LF or NUL in Content-Disposition");
            var parsed = ContentDispositionHeaderValue.Parse(disposition);
            Assert.That(parsed.FileNameStar, Is.EqualTo(display + ".pdf"), "downloads under the sanitised name, never the client's raw one");
            Assert.That(parsed.FileName?.Trim('"'), Does.Not.Contain("/").And.Not.Contain("\\"), "the ASCII fallback holds no path");
            Assert.That(download.Headers.Contains("Set-Cookie"), Is.False);
        });
    }

    [TestCaseSource(nameof(HostileNames))]
    public async Task UploadImage_HostileName_ReturnsTheSanitisedOriginalNameInTheV1Dialect(string sent, string display, string original)
    {
        _ = display;
        var client = await LoggedInClientAsync();

        using var response = await UploadNamedAsync(client, V1Upload, Png(sent.GetHashCode() & 0xFFFF), sent);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        var data = body.GetProperty("data");
        var fileName = data.GetProperty("fileName").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(data.GetProperty("originalFileName").GetString(), Is.EqualTo(original));
            Assert.That(fileName, Does.Match("^[0-9a-f]{16}\\.png$"));
            Assert.That(data.GetProperty("fileLinkPath").GetString(), Does.Match(StoredLocation + "png$").And.EndWith(fileName));
            Assert.That(Storage.Files(), Has.Count.EqualTo(2), "the image and its thumbnail");
        });
    }

    [TestCase(CmsUpload)]
    [TestCase(V1Upload)]
    public async Task Upload_EmptyFileName_Returns400NoFileAndStoresNothing(string path)
    {
        // Browsers send filename="" for a file input left empty: such a part is no file at all.
        var client = await LoggedInClientAsync();

        using var response = await UploadWithDispositionAsync(client, path, TestFiles.Pdf("empty name"), "filename=\"\"");

        if (path == CmsUpload)
            await AssertCmsErrorAsync(response, 400, "no file");
        else
            await AssertV1ErrorAsync(response, 400, "no file");
        await AssertNothingStoredAsync(Storage);
    }

    [TestCase(CmsUpload)]
    [TestCase(V1Upload)]
    public async Task Upload_RawLineBreakInsideThePartHeader_Returns400AndStoresNothing(string path)
    {
        // Unencoded CR LF ends the quoted name early: what follows is a new part header, not part of the name.
        var client = await LoggedInClientAsync();

        using var response = await UploadWithDispositionAsync(client, path, Png(7), "filename=\"a.png\r\nSet-Cookie: x=1\"");

        if (path == CmsUpload)
            await AssertCmsErrorAsync(response, 400);
        else
            await AssertV1ErrorAsync(response, 400);
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        await AssertNothingStoredAsync(Storage);
    }

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
