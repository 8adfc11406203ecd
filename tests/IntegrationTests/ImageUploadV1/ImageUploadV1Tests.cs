using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.ImageUploadV1;

public sealed partial class ImageUploadV1Tests : IntegrationTestBase
{
    private static readonly string[] ImageFields =
        ["fileName", "originalFileName", "fileLinkPath", "mediaLink", "size", "createTime", "updateTime"];

    [Test]
    public async Task UploadImage_CameraJpeg_ReturnsImageInformationInTheV1Envelope()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadImageAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0021.jpg")), "DSCN0021.jpg");
        var body = await ReadJsonAsync(response);

        var data = body.GetProperty("data");
        var fileName = data.GetProperty("fileName").GetString()!;
        var now = DateTime.UtcNow;
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(Keys(body), Is.EqualTo(new[] { "message", "data" }));
            Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("OK"));
            Assert.That(Keys(data), Is.EqualTo(ImageFields));
            Assert.That(fileName, Does.Match("^[0-9a-f]{16}\\.jpg$"));
            Assert.That(data.GetProperty("originalFileName").GetString(), Is.EqualTo("DSCN0021.jpg"));
            Assert.That(data.GetProperty("fileLinkPath").GetString(), Is.EqualTo($"uploads/{now:yyyyMM}/{now:dd}/{fileName}"));
            Assert.That(data.GetProperty("mediaLink").GetString(), Is.EqualTo($"http://localhost/uploads/{now:yyyyMM}/{now:dd}/{fileName}"));
            Assert.That(data.GetProperty("size").GetInt64(), Is.EqualTo(Storage.Length(data.GetProperty("fileLinkPath").GetString()!)));
            Assert.That(data.GetProperty("createTime").GetString(), Does.Match(IsoUtc()));
            Assert.That(data.GetProperty("updateTime").GetString(), Does.Match(IsoUtc()));
        });
    }

    [Test]
    public async Task UploadImage_Pdf_Returns415InTheV1Envelope()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadImageAsync(client, TestFiles.Pdf(), "a.pdf");

        await AssertV1ErrorAsync(response, 415);
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task UploadImage_DamagedJpeg_Returns422InTheV1Envelope()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));

        using var response = await UploadImageAsync(client, bytes[..(bytes.Length / 2)], "half.jpg");

        await AssertV1ErrorAsync(response, 422);
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task UploadImage_OverTheSizeLimit_Returns413InTheV1Envelope()
    {
        var factory = FactoryWith(("Upload:MaxFileSizeBytes", "1000"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));

        using var response = await UploadImageAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg")), "big.jpg");

        await AssertV1ErrorAsync(response, 413);
        Assert.That(factory.Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task UploadImage_WithoutAFile_Returns400InTheV1Envelope()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        using var response = await client.PostAsync("/UploadImage", form);

        await AssertV1ErrorAsync(response, 400);
    }

    [TestCase("POST", "/UploadImage")]
    [TestCase("DELETE", "/DeleteImage?FileName=a.jpg")]
    [TestCase("GET", "/GetAllImages")]
    public async Task V1Endpoints_WithoutToken_Return401InTheV1Envelope(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Client.SendAsync(request);

        await AssertV1ErrorAsync(response, 401);
    }

    [Test]
    public async Task DeleteImage_WithoutTheDeletePermission_Returns403InTheV1Envelope()
    {
        var admin = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(admin, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");
        await CreateUserAsync("uploader", "uploader-password", "attachment.upload");
        using var uploader = Factory.CreateClient();
        uploader.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(uploader, "uploader", "uploader-password"));

        using var response = await uploader.DeleteAsync($"/DeleteImage?FileName={uploaded.GetProperty("file_location").GetString()!.Split('/')[^1]}");

        await AssertV1ErrorAsync(response, 403);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
    }

    [Test]
    public async Task ImagesUploadedThroughEitherDialect_AreListedAndServedThroughTheOther()
    {
        var client = await LoggedInClientAsync();
        var viaV1 = (await ReadJsonAsync(await UploadImageAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "canon.jpg"))).GetProperty("data");
        var viaApi = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Nikon_D70.jpg")), "nikon.jpg");
        await UploadOkAsync(client, TestFiles.Pdf(), "not-an-image.pdf");

        var all = (await GetAllImagesAsync(client, "")).GetProperty("data").EnumerateArray().ToList();
        using var list = await client.GetAsync("/api/attachment/list?type=image");
        var listed = (await ReadJsonAsync(list)).GetProperty("data").EnumerateArray().ToList();
        using var served = await client.GetAsync(viaV1.GetProperty("mediaLink").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(i => i.GetProperty("fileLinkPath").GetString()),
                Is.EqualTo(new[] { viaApi.GetProperty("file_location").GetString(), viaV1.GetProperty("fileLinkPath").GetString() }));
            Assert.That(listed.Select(a => a.GetProperty("file_location").GetString()),
                Is.EqualTo(new[] { viaApi.GetProperty("file_location").GetString(), viaV1.GetProperty("fileLinkPath").GetString() }));
            Assert.That(all[0].GetProperty("originalFileName").GetString(), Is.EqualTo("nikon.jpg"));
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task SameBytesThroughBothDialects_GiveOneStoredFile()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/Pentax_K10D.jpg"));

        var viaApi = await UploadOkAsync(client, bytes, "a.jpg");
        var viaV1 = (await ReadJsonAsync(await UploadImageAsync(client, bytes, "b.jpg"))).GetProperty("data");

        Assert.That(viaV1.GetProperty("fileLinkPath").GetString(), Is.EqualTo(viaApi.GetProperty("file_location").GetString()));
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteImage_OfAnImageUploadedThroughTheAttachmentApi_MovesRowAndFilesToTheTrash()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");
        var fileName = uploaded.GetProperty("file_location").GetString()!.Split('/')[^1];

        using var response = await client.DeleteAsync($"/DeleteImage?FileName={fileName}");
        var body = await ReadJsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(Keys(body), Is.EqualTo(new[] { "message", "data" }));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from trashed_attachments where id = 1"), Is.EqualTo(1));
            Assert.That(Storage.Files(), Is.EquivalentTo(new[]
            {
                $"trash/1/{uploaded.GetProperty("file_location").GetString()}",
                $"trash/1/{StorageConsistency.ThumbOf(uploaded.GetProperty("file_location").GetString()!)}",
            }));
            using var detail = await client.GetAsync("/api/attachment/detail?id=1");
            Assert.That((int)detail.StatusCode, Is.EqualTo(404));
        });
    }

    [TestCase("/DeleteImage?FileName=0000000000000000.jpg", 404)]
    [TestCase("/DeleteImage", 400)]
    [TestCase("/DeleteImage?FileName=..%2F..%2Fa.jpg", 400)]
    public async Task DeleteImage_UnknownOrBadName_ReturnsTheStatusInTheV1Envelope(string path, int status)
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");

        using var response = await client.DeleteAsync(path);

        await AssertV1ErrorAsync(response, status);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
    }

    [Test]
    public async Task GetAllImages_WithPaging_ReturnsThatPageAndWithoutItEverything()
    {
        var client = await LoggedInClientAsync();
        await SeedImagesAsync(5);

        var all = (await GetAllImagesAsync(client, "")).GetProperty("data").EnumerateArray().Select(Name).ToList();
        var page = (await GetAllImagesAsync(client, "?page=2&pageSize=2")).GetProperty("data").EnumerateArray().Select(Name).ToList();

        Assert.That(all, Is.EqualTo(new[] { "5", "4", "3", "2", "1" }.Select(StoredNameOf)));
        Assert.That(page, Is.EqualTo(new[] { "3", "2" }.Select(StoredNameOf)));
    }

    [TestCase("?page=0&pageSize=2")]
    [TestCase("?pageSize=0")]
    [TestCase("?pageSize=1001")]
    [TestCase("?page=x")]
    public async Task GetAllImages_WithBadPaging_Returns400InTheV1Envelope(string query)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/GetAllImages" + query);

        await AssertV1ErrorAsync(response, 400);
    }

    [Test]
    public async Task GetAllImages_OfOneHundredThousandImages_StreamsWithoutHoldingThemInMemory()
    {
        const int rows = 100_000;
        await SeedImagesAsync(rows);
        var factory = FactoryWith();
        factory.UseKestrel(0);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var peak = LiveHeap.SamplePeakAsync(sampling.Token);
        using var response = await client.GetAsync("/GetAllImages", HttpCompletionOption.ResponseHeadersRead);
        var (bytes, items) = await CountAsync(await response.Content.ReadAsStreamAsync());
        await sampling.CancelAsync();
        var growth = await peak - baseline;
        await TestContext.Out.WriteLineAsync($"{items} images, {bytes / 1024 / 1024} MiB of JSON, live heap peak +{growth / 1024 / 1024} MiB");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(items, Is.EqualTo(rows));
            Assert.That(growth, Is.LessThan(bytes / 4),
                $"live heap grew by {growth / 1024 / 1024} MiB at its peak while {bytes / 1024 / 1024} MiB of JSON streamed");
        });
    }

    private static async Task<(long Bytes, int Items)> CountAsync(Stream body)
    {
        var token = "\"fileName\""u8.ToArray();
        var buffer = new byte[81_920];
        var carry = Array.Empty<byte>();
        long bytes = 0;
        var items = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            // The tail of the last read, too short to hold a whole token, catches one split across reads.
            byte[] window = [.. carry, .. buffer.AsSpan(0, read)];
            items += CountOccurrences(window, token);
            carry = window[^Math.Min(window.Length, token.Length - 1)..];
        }

        return (bytes, items);
    }

    private static int CountOccurrences(ReadOnlySpan<byte> span, ReadOnlySpan<byte> token)
    {
        var count = 0;
        int at;
        while ((at = span.IndexOf(token)) >= 0)
        {
            count++;
            span = span[(at + token.Length)..];
        }

        return count;
    }

    private static Task SeedImagesAsync(int count) => BulkLoadAsync($"""
        insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, is_image, status, created_time, updated_time)
        select 'image ' || g, 'image' || g || '.jpg', 'uploads/202601/01/' || lpad(g::text, 16, '0') || '.jpg', 1000, md5(g::text), 'image/jpeg', 10, 10, true, 1,
               timestamptz '2026-01-01' + make_interval(secs => g), timestamptz '2026-01-01' + make_interval(secs => g)
        from generate_series(1, {count}) g
        """);

    private static string StoredNameOf(string n) => n.PadLeft(16, '0') + ".jpg";

    private static string Name(JsonElement image) => image.GetProperty("fileName").GetString()!;

    private static async Task<JsonElement> GetAllImagesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/GetAllImages" + query);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body;
    }

    private static async Task<HttpResponseMessage> UploadImageAsync(HttpClient client, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/UploadImage", form);
    }

    private static async Task AssertV1ErrorAsync(HttpResponseMessage response, int status)
    {
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
            Assert.That(Keys(body), Is.EqualTo(new[] { "message", "data", "requestId" }), body.ToString());
            Assert.That(body.GetProperty("requestId").GetString(), Is.EqualTo(response.Headers.GetValues("X-Request-Id").Single()));
            Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex IsoUtc();
}
