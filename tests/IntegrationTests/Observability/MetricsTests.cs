using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using ImageMagick;

namespace Attachments.IntegrationTests.Observability;

/// <summary>
/// <c>GET /metrics</c> counts uploads, bytes, image processing and rejections exactly. Each test scrapes a host
/// of its own, which it alone sends requests to: the exporter merges the same-named instruments of every host
/// alive in the test process, and drops a merged series once one of those hosts is disposed.
/// </summary>
public sealed class MetricsTests : IntegrationTestBase
{
    private const string Uploads = "attachments_uploads_total";
    private const string Bytes = "attachments_upload_bytes_total";
    private const string Rejections = "attachments_rejections_total";
    private const string Processing = "attachments_image_processing_duration_seconds";

    [Test]
    public async Task Metrics_AfterUploadsOfEveryOutcome_MoveByExactlyWhatWasReceivedAndStored()
    {
        using var client = await OwnHostClientAsync();
        var pdf = TestFiles.Pdf("metrics");
        var replacement = TestFiles.Pdf("metrics, second version");
        var photo = File.ReadAllBytes(Fixtures.Image("camera/DSCN0010.jpg"));
        var png = GeneratedImages.TwoHalves(MagickFormat.Png, 64, 48);
        var cut = photo[..2048];
        var before = await ScrapeAsync(client);

        var stored = await UploadOkAsync(client, pdf, "a.pdf");
        var deduplicated = await UploadOkAsync(client, pdf, "again.pdf");
        var image = await UploadOkAsync(client, photo, "photo.jpg");
        var replaced = await UploadOkAsync(client, replacement, "b.pdf", ("id", stored.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));
        var v1 = await UploadV1Async(client, png, "small.png");
        using (var undecodable = await UploadAsync(client, cut, "cut.jpg"))
            Assert.That((int)undecodable.StatusCode, Is.EqualTo(422));

        var after = await ScrapeAsync(client);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        Assert.That(deduplicated.GetProperty("id").GetInt64(), Is.EqualTo(stored.GetProperty("id").GetInt64()));
        var v1Size = v1.GetProperty("data").GetProperty("size").GetInt64();
        Assert.Multiple(() =>
        {
            Assert.That(Delta(Uploads), Is.EqualTo(5), after.Text);
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "stored"), ("is_image", "false")), Is.EqualTo(1));
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "deduplicated"), ("is_image", "false")), Is.EqualTo(1));
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "stored"), ("is_image", "true")), Is.EqualTo(1));
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "replaced"), ("is_image", "false")), Is.EqualTo(1));
            Assert.That(Delta(Uploads, ("dialect", "v1"), ("outcome", "stored"), ("is_image", "true")), Is.EqualTo(1));

            Assert.That(Delta(Bytes, ("dialect", "cms"), ("stage", "received")), Is.EqualTo((2 * pdf.Length) + photo.Length + replacement.Length + cut.Length));
            Assert.That(Delta(Bytes, ("dialect", "v1"), ("stage", "received")), Is.EqualTo(png.Length));
            Assert.That(Delta(Bytes, ("dialect", "cms"), ("stage", "stored")),
                Is.EqualTo(pdf.Length + image.GetProperty("file_size").GetInt64() + replaced.GetProperty("file_size").GetInt64()));
            Assert.That(replaced.GetProperty("file_size").GetInt64(), Is.EqualTo(replacement.Length));
            Assert.That(Delta(Bytes, ("dialect", "v1"), ("stage", "stored")), Is.EqualTo(v1Size));

            Assert.That(Delta(Processing + "_count", ("operation", "process"), ("outcome", "ok")), Is.EqualTo(2));
            Assert.That(Delta(Processing + "_count", ("operation", "process"), ("outcome", "failed")), Is.EqualTo(1));
            Assert.That(Delta(Processing + "_bucket", ("operation", "process"), ("outcome", "ok"), ("le", "+Inf")), Is.EqualTo(2));
            Assert.That(Delta(Processing + "_bucket", ("operation", "process"), ("outcome", "ok"), ("le", "60")), Is.EqualTo(2), "each well under a minute");
            Assert.That(Delta(Processing + "_sum", ("operation", "process"), ("outcome", "ok")), Is.GreaterThan(0));

            Assert.That(Delta(Rejections), Is.EqualTo(1));
            Assert.That(Delta(Rejections, ("status_code", "422"), ("reason", "undecodable"), ("dialect", "cms")), Is.EqualTo(1));

            Assert.That(Delta("http_server_request_duration_seconds_count", ("http_route", "api/attachment/upload"), ("http_response_status_code", "200")), Is.EqualTo(4));
            Assert.That(Delta("http_server_request_duration_seconds_count", ("http_route", "UploadImage"), ("http_response_status_code", "200")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Metrics_SameBytesUploadedInParallel_CountOneStoredAndTheRestDeduplicated()
    {
        const int Tabs = 6;
        using var client = await OwnHostClientAsync();
        var pdf = TestFiles.Pdf("sent from six tabs at once");
        var before = await ScrapeAsync(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, Tabs).Select(i => UploadAsync(client, pdf, $"tab{i}.pdf")));
        foreach (var answer in answers)
            answer.Dispose();

        var after = await ScrapeAsync(client);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => (int)a.StatusCode), Is.All.EqualTo(200));
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "stored"), ("is_image", "false")), Is.EqualTo(1), after.Text);
            Assert.That(Delta(Uploads, ("dialect", "cms"), ("outcome", "deduplicated"), ("is_image", "false")), Is.EqualTo(Tabs - 1));
            Assert.That(Delta(Bytes, ("dialect", "cms"), ("stage", "stored")), Is.EqualTo(pdf.Length), "the bytes were written once");
        });
    }

    [Test]
    public async Task Metrics_AfterRejections_CountEachByStatusReasonAndDialect()
    {
        var factory = FactoryWith();
        using var client = await LoggedInClientAsync(factory);
        using var anonymous = factory.CreateClient();
        var before = await ScrapeAsync(client);

        var statuses = new[]
        {
            await StatusAsync(UploadAsync(client, Encoding.ASCII.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>"), "page.html")),
            await StatusAsync(UploadV1ResponseAsync(client, TestFiles.Pdf("not an image"), "doc.pdf")),
            await StatusAsync(client.GetAsync("/api/attachment/detail?id=999999")),
            await StatusAsync(client.GetAsync("/api/attachment/detail?id=abc")),
            await StatusAsync(client.PostAsJsonAsync("/api/attachment/edit", new { id = 0, file_name = "x.pdf" })),
            await StatusAsync(anonymous.GetAsync("/GetAllImages")),
            await StatusAsync(anonymous.GetAsync("/api/attachment/list")),
            await StatusAsync(anonymous.GetAsync("/no/such/route")),
        };

        var after = await ScrapeAsync(client);
        double Delta(params (string, string)[] labels) => after.Value(Rejections, labels) - before.Value(Rejections, labels);

        Assert.That(statuses, Is.EqualTo(new[] { 415, 415, 404, 400, 400, 401, 401, 404 }));
        Assert.Multiple(() =>
        {
            Assert.That(Delta(), Is.EqualTo(8), after.Text);
            Assert.That(Delta(("status_code", "415"), ("reason", "unsupported_type"), ("dialect", "cms")), Is.EqualTo(1));
            Assert.That(Delta(("status_code", "415"), ("reason", "unsupported_type"), ("dialect", "v1")), Is.EqualTo(1));
            Assert.That(Delta(("status_code", "404"), ("reason", "not_found"), ("dialect", "cms")), Is.EqualTo(2));
            Assert.That(Delta(("status_code", "400"), ("reason", "invalid_request"), ("dialect", "cms")), Is.EqualTo(2), "validation and model binding");
            Assert.That(Delta(("status_code", "401"), ("reason", "unauthenticated"), ("dialect", "v1")), Is.EqualTo(1));
            Assert.That(Delta(("status_code", "401"), ("reason", "unauthenticated"), ("dialect", "cms")), Is.EqualTo(1));
            Assert.That(after.Value(Uploads) - before.Value(Uploads), Is.Zero, "no refused upload counts as an upload");
        });
    }

    [Test]
    public async Task Metrics_AfterTooLargeAndRateLimitedUploads_CountThemAsRejections()
    {
        var factory = FactoryWith(
            ("Upload:MaxFileSizeBytes", "1000"),
            ("RateLimits:Upload:PermitLimit", "2"),
            ("RateLimits:Upload:Window", "00:10:00"));
        using var client = await LoggedInClientAsync(factory);
        var before = await ScrapeAsync(client);

        var statuses = new[]
        {
            await StatusAsync(UploadAsync(client, new byte[5000], "big.bin")),
            await StatusAsync(UploadAsync(client, TestFiles.Pdf("small"), "small.pdf")),
            await StatusAsync(UploadAsync(client, TestFiles.Pdf("limited"), "limited.pdf")),
        };

        var after = await ScrapeAsync(client);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        Assert.That(statuses, Is.EqualTo(new[] { 413, 200, 429 }));
        Assert.Multiple(() =>
        {
            Assert.That(Delta(Rejections), Is.EqualTo(2), after.Text);
            Assert.That(Delta(Rejections, ("status_code", "413"), ("reason", "too_large"), ("dialect", "cms")), Is.EqualTo(1));
            Assert.That(Delta(Rejections, ("status_code", "429"), ("reason", "rate_limited"), ("dialect", "cms")), Is.EqualTo(1));
            Assert.That(Delta(Uploads, ("outcome", "stored")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Metrics_Endpoint_AnswersPrometheusTextWithoutAToken()
    {
        using var anonymous = FactoryWith().CreateClient();
        using (var live = await anonymous.GetAsync("/health/live"))
            Assert.That((int)live.StatusCode, Is.EqualTo(200));

        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        var scrape = PrometheusText.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(text, Does.Contain("# TYPE http_server_request_duration_seconds histogram"), "ASP.NET Core's own metrics");
            Assert.That(scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/health/live"), ("http_response_status_code", "200")),
                Is.EqualTo(1), text);
            Assert.That(scrape.Has("dotnet_gc_collections_total") || scrape.Has("dotnet_process_cpu_time_seconds_total"), Is.True, "runtime metrics");
        });
    }

    [Test]
    public async Task Metrics_WhenDisabled_Returns404()
    {
        var factory = FactoryWith(("Metrics:Enabled", "false"));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/metrics");

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    private async Task<HttpClient> OwnHostClientAsync() => await LoggedInClientAsync(FactoryWith());

    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return PrometheusText.Parse(text);
    }

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (int)response.StatusCode;
    }

    private static async Task<System.Text.Json.JsonElement> UploadV1Async(HttpClient client, byte[] content, string fileName)
    {
        using var response = await UploadV1ResponseAsync(client, content, fileName);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body;
    }

    private static async Task<HttpResponseMessage> UploadV1ResponseAsync(HttpClient client, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        return await client.PostAsync("/UploadImage", form);
    }
}
