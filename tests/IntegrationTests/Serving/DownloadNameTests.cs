using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Serving;

/// <summary>
/// Non-images download under the attachment's name, not the hash they are stored as. The header is read the way
/// RFC 6266 says a browser reads it (<c>filename*</c> first) and the way <c>curl -OJ</c> does (<c>filename</c> only).
/// </summary>
public sealed class DownloadNameTests : IntegrationTestBase
{
    private HttpClient _anonymous = null!;

    [SetUp]
    public void CreateAnonymousClient() => _anonymous = Factory.CreateClient();

    [TearDown]
    public void DisposeAnonymousClient() => _anonymous.Dispose();

    [Test]
    public async Task Get_Pdf_DownloadsUnderItsUploadedName()
    {
        var pdf = await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");

        using var response = await _anonymous.GetAsync(Logo(pdf));

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(Disposition(response), Is.EqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"));
            Assert.That(Rfc6266.BrowserFileName(Disposition(response)!), Is.EqualTo("report.pdf"));
            Assert.That(Rfc6266.CurlFileName(Disposition(response)!), Is.EqualTo("report.pdf"));
        });
    }

    [TestCase("Отчёт 2026", "Отчёт 2026.pdf", "_____ 2026.pdf")]
    [TestCase("年度报告", "年度报告.pdf", "____.pdf")]
    [TestCase("Ünïcödé façade", "Ünïcödé façade.pdf", "_n_c_d_ fa_ade.pdf")]
    [TestCase("say \"hi\"; or not", "say \"hi\"; or not.pdf", "say _hi_; or not.pdf")]
    [TestCase("100% sure", "100% sure.pdf", "100_ sure.pdf")]
    public async Task Get_PdfWithName_BrowsersSaveTheNameAndCurlASafeAsciiOne(string displayName, string browserSaves, string curlSaves)
    {
        var client = await LoggedInClientAsync();
        var pdf = await UploadOkAsync(client, TestFiles.Pdf(), "report.pdf");
        await RenameAsync(client, pdf, displayName);

        using var response = await _anonymous.GetAsync(Logo(pdf));

        var disposition = Disposition(response)!;
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(Rfc6266.BrowserFileName(disposition), Is.EqualTo(browserSaves), disposition);
            Assert.That(Rfc6266.CurlFileName(disposition), Is.EqualTo(curlSaves), disposition);
            Assert.That(disposition.All(c => c is >= ' ' and < '\u007f'), Is.True, "a header value is printable ASCII");
        });
    }

    [Test]
    public async Task Get_NameWithControlCharactersFromTheDatabase_NeverReachesTheHeaderRaw()
    {
        var pdf = await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");
        // A DBA's (or an old importer's) row can hold what the API would never write.
        await QueryScalarAsync<int>(
            "update attachments set file_name = @name where id = @id returning 1",
            ("name", "evil\r\nSet-Cookie: a=b\t\u0001\u007f\"x\\y"), ("id", pdf.GetProperty("id").GetInt64()));

        using var response = await _anonymous.GetAsync(Logo(pdf));

        var disposition = Disposition(response)!;
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(Rfc6266.BrowserFileName(disposition), Is.EqualTo("evilSet-Cookie: a=b\"x\\y.pdf"), disposition);
            Assert.That(Rfc6266.CurlFileName(disposition), Is.EqualTo("evilSet-Cookie: a=b_x_y.pdf"), disposition);
        });
    }

    [Test]
    public async Task Get_RenamedPdf_DownloadsUnderTheNewNameWithTheStoredExtension()
    {
        var client = await LoggedInClientAsync();
        var pdf = await UploadOkAsync(client, TestFiles.Pdf(), "draft.pdf");
        await RenameAsync(client, pdf, "Terms v2.1");

        using var response = await _anonymous.GetAsync(Logo(pdf));

        Assert.That(Rfc6266.BrowserFileName(Disposition(response)!), Is.EqualTo("Terms v2.1.pdf"));
    }

    [Test]
    public async Task Get_FileWithoutRow_DownloadsUnderItsStoredName()
    {
        Storage.Write("uploads/209901/01/0123456789abcdef.pdf", TestFiles.Pdf());

        using var response = await _anonymous.GetAsync("/uploads/209901/01/0123456789abcdef.pdf");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(Rfc6266.BrowserFileName(Disposition(response)!), Is.EqualTo("0123456789abcdef.pdf"));
        });
    }

    [Test]
    public async Task Get_Range_CarriesTheNameToo()
    {
        var pdf = await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Get, Logo(pdf));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 3);

        using var response = await _anonymous.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(206));
            Assert.That(Rfc6266.BrowserFileName(Disposition(response)!), Is.EqualTo("report.pdf"));
        });
    }

    [Test]
    public async Task Get_NotModified_SendsNoDisposition()
    {
        var pdf = await UploadOkAsync(await LoggedInClientAsync(), TestFiles.Pdf(), "report.pdf");
        using var first = await _anonymous.GetAsync(Logo(pdf));
        using var request = new HttpRequestMessage(HttpMethod.Get, Logo(pdf));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await _anonymous.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(304));
            Assert.That(Disposition(response), Is.Null, "a cache would store it as the header of the full answer");
        });
    }

    [Test]
    public async Task Get_Image_StaysInlineWithoutAName()
    {
        var jpeg = await UploadOkAsync(
            await LoggedInClientAsync(), await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "Отчёт.jpg");

        using var response = await _anonymous.GetAsync(Logo(jpeg));

        Assert.That(Disposition(response), Is.Null);
    }

    private static async Task RenameAsync(HttpClient client, JsonElement attachment, string displayName)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/attachment/edit", new { id = attachment.GetProperty("id").GetInt64(), file_name = displayName });
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("data").GetProperty("file_name").GetString(), Is.EqualTo(displayName));
    }

    private static string? Disposition(HttpResponseMessage response) =>
        response.Content.Headers.TryGetValues("Content-Disposition", out var values) ? string.Join(", ", values) : null;

    private static string Logo(JsonElement attachment) => attachment.GetProperty("logo").GetString()!;

    /// <summary>Reads a Content-Disposition value as RFC 6266 section 4.3 says, independently of the server's code.</summary>
    private static class Rfc6266
    {
        /// <summary>What a current browser saves: <c>filename*</c> when it decodes, else <c>filename</c>.</summary>
        public static string? BrowserFileName(string header)
        {
            var parameters = Parameters(header);
            if (parameters.TryGetValue("filename*", out var extended))
            {
                var parts = extended.Split('\'', 3);
                Assert.That(parts, Has.Length.EqualTo(3), $"filename* is charset'language'value: {extended}");
                Assert.That(parts[0], Is.EqualTo("UTF-8").IgnoreCase);
                return PercentDecodedUtf8(parts[2]);
            }

            return parameters.GetValueOrDefault("filename");
        }

        /// <summary>curl -OJ takes <c>filename</c> only, and only its last path segment.</summary>
        public static string? CurlFileName(string header) =>
            Parameters(header).GetValueOrDefault("filename") is { } name ? name[(name.LastIndexOfAny(['/', '\\']) + 1)..] : null;

        private static Dictionary<string, string> Parameters(string header)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var i = header.IndexOf(';', StringComparison.Ordinal);
            Assert.That(header[..(i < 0 ? header.Length : i)].Trim(), Is.EqualTo("attachment"));
            while (i >= 0 && i < header.Length)
            {
                i++;
                var equals = header.IndexOf('=', i);
                Assert.That(equals, Is.GreaterThan(0), header);
                var name = header[i..equals].Trim();
                i = equals + 1;
                var value = new StringBuilder();
                if (i < header.Length && header[i] == '"')
                {
                    for (i++; header[i] != '"'; i++)
                    {
                        if (header[i] == '\\')
                            i++;
                        value.Append(header[i]);
                    }

                    i = header.IndexOf(';', i);
                }
                else
                {
                    var end = header.IndexOf(';', i);
                    value.Append(header[i..(end < 0 ? header.Length : end)].Trim());
                    i = end;
                }

                Assert.That(result.TryAdd(name, value.ToString()), Is.True, $"parameter {name} twice: {header}");
            }

            return result;
        }

        private static string PercentDecodedUtf8(string value)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '%')
                {
                    bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    Assert.That("!#$&+-.^_`|~".Contains(value[i]) || char.IsAsciiLetterOrDigit(value[i]), Is.True, $"'{value[i]}' must be percent-encoded");
                    bytes.Add((byte)value[i]);
                }
            }

            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
    }
}
