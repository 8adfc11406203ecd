using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Attachments.Domain.Constants;
using Attachments.Infrastructure.DirectUploads;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Hostile;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Attachments;

/// <summary>
/// Presign, PUT the bytes to the URL (disk storage: the service's own signed endpoint, no token), complete: the file is
/// stored exactly as a multipart upload of it would be, and nothing of the upload is left in <c>.direct/</c>.
/// </summary>
[DiskOnly("the service's own signed PUT endpoint and its .direct/ folder; S3ProviderTests covers direct uploads to a bucket")]
public sealed class DirectUploadTests : IntegrationTestBase
{
    private const string DirectFolder = ".direct/";

    [Test]
    public async Task DirectUpload_Image_IsStoredAsAnUploadOfItWouldBe()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg"));

        var completed = await DirectUploadOkAsync(client, bytes, "Canon_40D.jpg");
        var uploaded = await UploadOkAsync(client, bytes, "Canon_40D.jpg");

        var location = completed.GetProperty("file_location").GetString()!;
        Assert.Multiple(async () =>
        {
            Assert.That(uploaded.ToString(), Is.EqualTo(completed.ToString()), "the same bytes uploaded again answer the same attachment, field for field");
            Assert.That(completed.GetProperty("file_name").GetString(), Is.EqualTo("Canon_40D"));
            Assert.That(completed.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(bytes)));
            Assert.That(completed.GetProperty("is_image").GetInt32(), Is.EqualTo(1));
            Assert.That(completed.GetProperty("width").GetInt32(), Is.EqualTo(100));
            Assert.That(completed.GetProperty("user_id").GetInt64(), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(FilesUnder(StorageRoot), Is.EquivalentTo(new[] { location, ThumbOf(location) }), "no .direct/ or staged file left");
        });
    }

    [Test]
    public async Task DirectUpload_Pdf_IsStoredByteForByteInItsCategory()
    {
        var client = await LoggedInClientAsync();
        var categoryId = await CreateCategoryAsync("Reports");
        var bytes = TestFiles.Pdf("direct");

        var completed = await DirectUploadOkAsync(client, bytes, "Quarterly report.pdf", categoryId);

        var location = completed.GetProperty("file_location").GetString()!;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Does.StartWith("uploads/").And.EndWith(".pdf"));
            Assert.That(completed.GetProperty("file_name").GetString(), Is.EqualTo("Quarterly report"));
            Assert.That(completed.GetProperty("is_image").GetInt32(), Is.Zero);
            Assert.That(completed.GetProperty("category_id").GetInt64(), Is.EqualTo(categoryId));
            Assert.That(await File.ReadAllBytesAsync(StoredPath(StorageRoot, location)), Is.EqualTo(bytes));
            Assert.That(await QueryScalarAsync<string>("select original_file_name from attachments"), Is.EqualTo("Quarterly report.pdf"));
            Assert.That(FilesUnder(StorageRoot), Is.EqualTo(new[] { location }));
        });
    }

    [Test]
    public async Task Presign_AnswersASignedPutUrlOnTheServiceThatExpiresInAnHour()
    {
        var client = await LoggedInClientAsync();

        var data = await PresignOkAsync(client, "a.pdf", 10);

        var uploadId = data.GetProperty("upload_id").GetGuid();
        var url = new Uri(data.GetProperty("url").GetString()!);
        var expiresAt = data.GetProperty("expires_at").GetInt64();
        Assert.Multiple(async () =>
        {
            Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo($"http://localhost/api/attachment/upload/direct/{uploadId}"));
            Assert.That(url.Query, Does.Match($"^\\?expires={expiresAt}&s=[A-Za-z0-9_-]{{43}}$"));
            Assert.That(data.GetProperty("method").GetString(), Is.EqualTo("PUT"));
            Assert.That(data.GetProperty("headers").GetProperty("content-type").GetString(), Is.EqualTo("application/octet-stream"));
            Assert.That(expiresAt, Is.EqualTo(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()).Within(60));
            Assert.That(await QueryScalarAsync<long>("select count(*) from direct_uploads where id = @id and user_id = 1 and file_size = 10 and file_name = 'a.pdf'", ("id", uploadId)),
                Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Presign_WithBaseUrlSet_SignsUrlsOnThatBase()
    {
        var factory = FactoryWith(("DirectUploads:BaseUrl", "https://files.example.com/"));
        using var client = await LoggedInClientAsync(factory);

        var data = await PresignOkAsync(client, "a.pdf", 10);

        Assert.That(data.GetProperty("url").GetString(), Does.StartWith($"https://files.example.com/api/attachment/upload/direct/{data.GetProperty("upload_id").GetGuid()}?expires="));
    }

    [Test]
    public async Task DirectUpload_SameBytesAsAnAttachment_ReturnsItMovedToTheCategory()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("twice");
        var first = await UploadOkAsync(client, bytes, "first.pdf");
        var categoryId = await CreateCategoryAsync("Moved");

        var again = await DirectUploadOkAsync(client, bytes, "again.pdf", categoryId);

        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("id").GetInt64(), Is.EqualTo(first.GetProperty("id").GetInt64()));
            Assert.That(again.GetProperty("file_location").GetString(), Is.EqualTo(first.GetProperty("file_location").GetString()));
            Assert.That(again.GetProperty("category_id").GetInt64(), Is.EqualTo(categoryId));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(FilesUnder(StorageRoot), Is.EqualTo(new[] { first.GetProperty("file_location").GetString() }));
        });
    }

    [Test]
    public async Task Complete_RefusedType_Returns415AsAnUploadWouldAndDeletesTheBytes()
    {
        var client = await LoggedInClientAsync();
        var bytes = HostilePayloads.WindowsExecutable();
        var upload = await PresignOkAsync(client, "setup.pdf", bytes.Length);
        await PutOkAsync(upload, bytes);

        using var completed = await CompleteAsync(client, upload);
        var refusal = await ErrorEnvelope.AssertAsync(completed, 415, ErrorEnvelope.Error);
        using var uploaded = await UploadAsync(client, bytes, "setup.pdf");
        var uploadRefusal = await ErrorEnvelope.AssertAsync(uploaded, 415, ErrorEnvelope.Error);
        using var again = await CompleteAsync(client, upload);
        var nothing = await ErrorEnvelope.AssertAsync(again, 409, ErrorEnvelope.Error);

        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(refusal), Is.EqualTo(ErrorEnvelope.Msg(uploadRefusal)));
            Assert.That(ErrorEnvelope.Msg(nothing), Does.Contain("refused and deleted"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from pending_file_operations"), Is.Zero);
            Assert.That(FilesUnder(StorageRoot), Is.Empty, "the uploaded file and its staged copy are deleted");
        });
    }

    [Test]
    public async Task Complete_DamagedImage_Returns422AndDeletesTheBytes()
    {
        var client = await LoggedInClientAsync();
        var bytes = (await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg")))[..2048];
        var upload = await PresignOkAsync(client, "cut.jpg", bytes.Length);
        await PutOkAsync(upload, bytes);

        using var completed = await CompleteAsync(client, upload);

        await ErrorEnvelope.AssertAsync(completed, 422, ErrorEnvelope.Error);
        Assert.That(FilesUnder(StorageRoot), Is.Empty);
    }

    [Test]
    public async Task Presign_FileSizeOverTheLimit_Returns413AsAnUploadWould()
    {
        var factory = FactoryWith(("Upload:MaxFileSizeBytes", "1000"));
        using var client = await LoggedInClientAsync(factory);

        using var response = await client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "big.pdf", file_size = 1001 });

        var body = await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Is.EqualTo("The file is 1001 bytes; files may be at most 1000 bytes."));
            Assert.That(await QueryScalarAsync<long>("select count(*) from direct_uploads"), Is.Zero);
        });
    }

    [TestCase("", 10, "file_name")]
    [TestCase("a.pdf", 0, "file_size")]
    [TestCase("a.pdf", -5, "file_size")]
    public async Task Presign_BadField_Returns400NamingIt(string fileName, long fileSize, string field)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = fileName, file_size = fileSize });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(field));
    }

    [Test]
    public async Task Presign_UnknownCategory_Returns400AndPresignsNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "a.pdf", file_size = 10, category_id = 42 });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("category_id 42"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from direct_uploads"), Is.Zero);
        });
    }

    [TestCase(true, TestName = "Put_MoreBytesThanPresigned_Returns413AndKeepsNothing(declared length)")]
    [TestCase(false, TestName = "Put_MoreBytesThanPresigned_Returns413AndKeepsNothing(streamed)")]
    public async Task Put_MoreBytesThanPresigned_Returns413AndKeepsNothing(bool declaresLength)
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("eleven");
        var upload = await PresignOkAsync(client, "a.pdf", bytes.Length - 1);

        using var response = await PutAsync(upload, bytes, declaresLength);

        var body = await ErrorEnvelope.AssertAsync(response, 413, ErrorEnvelope.Error);
        Assert.Multiple(() =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain($"presigned for {bytes.Length - 1} bytes"));
            Assert.That(FilesUnder(StorageRoot), Is.Empty);
        });
    }

    [Test]
    public async Task Put_LargerThanKestrelsDefaultBodyLimit_IsStreamedToDiskAndCompletes()
    {
        // Real Kestrel, whose default body limit (30,000,000 bytes) would refuse this; the endpoint allows
        // Upload:MaxFileSizeBytes. The body is generated as it is sent, so the heap shows what the service holds.
        const long size = 32L * 1024 * 1024;
        var factory = FactoryWith();
        factory.UseKestrel(0);
        using var client = await LoggedInClientAsync(factory);
        var upload = await PresignOkAsync(client, "big.pdf", size);

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var peak = LiveHeap.SamplePeakAsync(sampling.Token);
        // A plain HttpClient: the test client's redirect handler keeps a copy of every request body.
        using (var anonymous = new HttpClient())
        {
            var content = new StreamContent(new GeneratedPdfStream(size));
            content.Headers.ContentLength = size;
            using var put = await anonymous.PutAsync(Url(upload), content);
            Assert.That((int)put.StatusCode, Is.EqualTo(200), await put.Content.ReadAsStringAsync());
        }

        await sampling.CancelAsync();
        var growth = await peak - baseline;
        var completed = await ReadOkAsync(await CompleteAsync(client, upload));

        Assert.Multiple(() =>
        {
            Assert.That(growth, Is.LessThan(size / 8), $"live heap grew by {growth / 1024 / 1024} MiB while {size / 1024 / 1024} MiB streamed");
            Assert.That(completed.GetProperty("file_size").GetInt64(), Is.EqualTo(size));
            Assert.That(completed.GetProperty("file_md5").GetString(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(new GeneratedPdfStream(size)))));
            Assert.That(FilesUnder(factory.StorageRoot), Is.EqualTo(new[] { completed.GetProperty("file_location").GetString() }));
        });
    }

    [Test]
    public async Task Put_FewerBytesThanPresigned_Returns400AndKeepsNothing()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("short");
        var upload = await PresignOkAsync(client, "a.pdf", bytes.Length + 1);

        using var response = await PutAsync(upload, bytes);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(() =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain($"after {bytes.Length} of the {bytes.Length + 1} bytes"));
            Assert.That(FilesUnder(StorageRoot), Is.Empty);
        });
    }

    [Test]
    public async Task Put_AgainBeforeComplete_ReplacesWhatWasSentBefore()
    {
        var client = await LoggedInClientAsync();
        var first = TestFiles.Pdf("first!");
        var second = TestFiles.Pdf("second");
        var upload = await PresignOkAsync(client, "a.pdf", first.Length);

        await PutOkAsync(upload, first);
        await PutOkAsync(upload, second);
        var completed = await ReadOkAsync(await CompleteAsync(client, upload));

        Assert.That(completed.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(second)));
    }

    [TestCase("signature", TestName = "Put_WithTamperedUrl_Returns403AndKeepsNothing(signature)")]
    [TestCase("expires", TestName = "Put_WithTamperedUrl_Returns403AndKeepsNothing(expires)")]
    [TestCase("upload id", TestName = "Put_WithTamperedUrl_Returns403AndKeepsNothing(upload id)")]
    [TestCase("no query", TestName = "Put_WithTamperedUrl_Returns403AndKeepsNothing(no query)")]
    public async Task Put_WithTamperedUrl_Returns403AndKeepsNothing(string tampered)
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf();
        var upload = await PresignOkAsync(client, "a.pdf", bytes.Length);
        var other = await PresignOkAsync(client, "b.pdf", bytes.Length);
        var url = Url(upload);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query);
        var path = new Uri(url).GetLeftPart(UriPartial.Path);
        url = tampered switch
        {
            "signature" => $"{path}?expires={query["expires"]}&s={Flip(query["s"]!)}",
            "expires" => $"{path}?expires={long.Parse(query["expires"]!, CultureInfo.InvariantCulture) + 3600}&s={query["s"]}",
            "upload id" => url.Replace(upload.GetProperty("upload_id").GetString()!, other.GetProperty("upload_id").GetString(), StringComparison.Ordinal),
            _ => path,
        };

        using var anonymous = Factory.CreateClient();
        using var response = await anonymous.PutAsync(url, new ByteArrayContent(bytes));

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.Multiple(() =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("use the url exactly as POST /api/attachment/upload/presign answered it"));
            Assert.That(FilesUnder(StorageRoot), Is.Empty);
        });
    }

    [TestCase("not-a-uuid?expires=1&s=abc", "upload_id")]
    [TestCase("0b6e3c1e-0000-4000-8000-000000000000?expires=soon&s=abc", "expires")]
    public async Task Put_WithMalformedUrl_Returns400NamingThePart(string rest, string field)
    {
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.PutAsync("/api/attachment/upload/direct/" + rest, new ByteArrayContent([1, 2, 3]));

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(field));
    }

    [Test]
    public async Task ExpiredUpload_PutAnswers403AndCompleteAnswers404_ThenTheSweepDeletesItsRowAndBytes()
    {
        var factory = FactoryWith(("DirectUploads:UrlLifetime", "00:00:03"));
        using var client = await LoggedInClientAsync(factory);
        var bytes = TestFiles.Pdf("late");
        var upload = await PresignOkAsync(client, "late.pdf", bytes.Length);
        await PutOkAsync(upload, bytes, factory);
        await WaitUntilExpiredAsync(upload);

        using var put = await PutAsync(upload, bytes, factory: factory);
        var putRefusal = await ErrorEnvelope.AssertAsync(put, 403, ErrorEnvelope.NotAuthorised);
        using var completed = await CompleteAsync(client, upload);
        var completeRefusal = await ErrorEnvelope.AssertAsync(completed, 404, ErrorEnvelope.Error);
        var filesBeforeSweep = FilesUnder(factory.StorageRoot);
        // Any instance's sweep may take the row (they share the database); this one's deletes the bytes either way.
        await factory.Services.GetRequiredService<DirectUploadSweeper>().SweepAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(putRefusal), Does.StartWith("This upload URL expired at"));
            Assert.That(ErrorEnvelope.Msg(completeRefusal), Does.Contain("expired at").And.Contain("presign a new one"));
            Assert.That(filesBeforeSweep, Is.EqualTo(new[] { DirectFolder + upload.GetProperty("upload_id").GetString() }));
            Assert.That(await QueryScalarAsync<long>("select count(*) from direct_uploads"), Is.Zero);
            Assert.That(FilesUnder(factory.StorageRoot), Is.Empty);
        });
    }

    [Test]
    public async Task Sweep_LeavesUploadsThatHaveNotExpired()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("live");
        var upload = await PresignOkAsync(client, "live.pdf", bytes.Length);
        await PutOkAsync(upload, bytes);

        var swept = await Factory.Services.GetRequiredService<DirectUploadSweeper>().SweepAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(swept, Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from direct_uploads"), Is.EqualTo(1));
            Assert.That(FilesUnder(StorageRoot), Is.EqualTo(new[] { DirectFolder + upload.GetProperty("upload_id").GetString() }));
        });
    }

    [Test]
    public async Task Complete_BeforeAnythingWasPut_Returns409SayingToPutTheBytesFirst()
    {
        var client = await LoggedInClientAsync();
        var upload = await PresignOkAsync(client, "a.pdf", 10);

        using var response = await CompleteAsync(client, upload);

        var body = await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.StartWith("Nothing was uploaded to the URL of upload").And.Contain("PUT the bytes first"));
    }

    [Test]
    public async Task Complete_ByAnotherUser_Returns404AndLeavesTheUploadToItsOwner()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("mine");
        var upload = await PresignOkAsync(client, "mine.pdf", bytes.Length);
        await PutOkAsync(upload, bytes);
        await CreateUserAsync("editor", "editor-password-1", Permissions.AttachmentUpload);
        using var editor = Factory.CreateClient();
        editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(editor, "editor", "editor-password-1"));

        using var stranger = await CompleteAsync(editor, upload);
        var refusal = await ErrorEnvelope.AssertAsync(stranger, 404, ErrorEnvelope.Error);
        var owners = await ReadOkAsync(await CompleteAsync(client, upload));

        Assert.Multiple(() =>
        {
            Assert.That(ErrorEnvelope.Msg(refusal), Does.StartWith($"There is no upload {upload.GetProperty("upload_id").GetString()} of yours"));
            Assert.That(owners.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(bytes)));
            Assert.That(owners.GetProperty("user_id").GetInt64(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Complete_Twice_AnswersTheSameAttachment_AndAPutAfterwardsIsRefused()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("twice");
        var upload = await PresignOkAsync(client, "twice.pdf", bytes.Length);
        await PutOkAsync(upload, bytes);

        var first = await ReadOkAsync(await CompleteAsync(client, upload));
        var second = await ReadOkAsync(await CompleteAsync(client, upload));
        using var put = await PutAsync(upload, bytes);
        var putRefusal = await ErrorEnvelope.AssertAsync(put, 409, ErrorEnvelope.Error);

        Assert.Multiple(async () =>
        {
            Assert.That(second.ToString(), Is.EqualTo(first.ToString()));
            Assert.That(ErrorEnvelope.Msg(putRefusal), Does.Contain("is complete already"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select attachment_id from direct_uploads where completed_at is not null"), Is.EqualTo(first.GetProperty("id").GetInt64()));
            Assert.That(FilesUnder(StorageRoot), Is.EqualTo(new[] { first.GetProperty("file_location").GetString() }));
        });
    }

    [Test]
    public async Task Complete_AfterItsAttachmentWasDeleted_Returns404SayingSo()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("gone");
        var upload = await PresignOkAsync(client, "gone.pdf", bytes.Length);
        await PutOkAsync(upload, bytes);
        var completed = await ReadOkAsync(await CompleteAsync(client, upload));
        using (var deleted = await client.PostAsJsonAsync("/api/attachment/delete", new { id = completed.GetProperty("id").GetInt64() }))
            Assert.That((int)deleted.StatusCode, Is.EqualTo(200));

        using var again = await CompleteAsync(client, upload);

        var body = await ErrorEnvelope.AssertAsync(again, 404, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("has been deleted since"));
    }

    [TestCase(-1, 400, TestName = "Complete_FileOfAnotherSizeThanPresigned_IsRefusedAndDeleted(shorter: 400)")]
    [TestCase(1, 413, TestName = "Complete_FileOfAnotherSizeThanPresigned_IsRefusedAndDeleted(longer: 413)")]
    public async Task Complete_FileOfAnotherSizeThanPresigned_IsRefusedAndDeleted(int difference, int status)
    {
        // A bucket's presigned PUT may not hold the client to the size: the file is written where it would put it.
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("sized");
        var upload = await PresignOkAsync(client, "sized.pdf", bytes.Length - difference);
        Directory.CreateDirectory(Path.Combine(StorageRoot, DirectFolder));
        await File.WriteAllBytesAsync(Path.Combine(StorageRoot, DirectFolder, upload.GetProperty("upload_id").GetString()!), bytes);

        using var response = await CompleteAsync(client, upload);

        await ErrorEnvelope.AssertAsync(response, status, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(FilesUnder(StorageRoot), Is.Empty);
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
        });
    }

    [Test]
    public async Task PresignAndComplete_WithoutTheUploadPermission_Return403()
    {
        var client = await LoggedInClientAsync();
        var upload = await PresignOkAsync(client, "a.pdf", 10);
        await CreateUserAsync("reader", "reader-password-1");
        using var reader = Factory.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(reader, "reader", "reader-password-1"));

        using var presign = await reader.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "a.pdf", file_size = 10 });
        using var complete = await CompleteAsync(reader, upload);
        using var anonymous = Factory.CreateClient();
        using var notLoggedIn = await anonymous.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "a.pdf", file_size = 10 });

        await ErrorEnvelope.AssertAsync(presign, 403, ErrorEnvelope.NotAuthorised);
        await ErrorEnvelope.AssertAsync(complete, 403, ErrorEnvelope.NotAuthorised);
        await ErrorEnvelope.AssertAsync(notLoggedIn, 401, ErrorEnvelope.NotLoggedIn);
    }

    [TestCase("{}", "upload_id is required")]
    [TestCase("""{"upload_id":"not-a-uuid"}""", "upload_id must be a UUID string")]
    public async Task Complete_WithoutAValidUploadId_Returns400(string json, string message)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync("/api/attachment/upload/complete", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(message));
    }

    private async Task<JsonElement> DirectUploadOkAsync(HttpClient client, byte[] bytes, string fileName, long? categoryId = null)
    {
        var upload = await PresignOkAsync(client, fileName, bytes.Length, categoryId);
        await PutOkAsync(upload, bytes);
        return await ReadOkAsync(await CompleteAsync(client, upload));
    }

    private static async Task<JsonElement> PresignOkAsync(HttpClient client, string fileName, long fileSize, long? categoryId = null)
    {
        using var response = await client.PostAsJsonAsync("/api/attachment/upload/presign",
            categoryId is null ? new { file_name = fileName, file_size = fileSize } : (object)new { file_name = fileName, file_size = fileSize, category_id = categoryId });
        return await ReadOkAsync(response);
    }

    /// <summary>Sends the bytes as a client would: to the url, with the method and headers presign answered, and no token.</summary>
    private static async Task<HttpResponseMessage> PutAsync(
        JsonElement upload, byte[] bytes, bool declaresLength = true, WebApplicationFactory<Program>? factory = null)
    {
        HttpContent content = declaresLength ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));
        using var request = new HttpRequestMessage(new HttpMethod(upload.GetProperty("method").GetString()!), Url(upload)) { Content = content };
        foreach (var header in upload.GetProperty("headers").EnumerateObject())
            request.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());

        using var anonymous = (factory ?? Factory).CreateClient();
        return await anonymous.SendAsync(request);
    }

    private static async Task PutOkAsync(JsonElement upload, byte[] bytes, WebApplicationFactory<Program>? factory = null)
    {
        using var response = await PutAsync(upload, bytes, factory: factory);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
    }

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, JsonElement upload) =>
        client.PostAsJsonAsync("/api/attachment/upload/complete", new { upload_id = upload.GetProperty("upload_id").GetString() });

    private static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await ReadJsonAsync(response);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
            return body.GetProperty("data");
        }
    }

    private static Task<long> CreateCategoryAsync(string title) =>
        QueryScalarAsync<long>("insert into attachment_categories (title, status, created_time, updated_time) values (@title, 1, now(), now()) returning id", ("title", title));

    private static async Task WaitUntilExpiredAsync(JsonElement upload)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(upload.GetProperty("expires_at").GetInt64());
        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    private static string Url(JsonElement upload) => upload.GetProperty("url").GetString()!;

    private static string Flip(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return $"{location[..(slash + 1)]}thumb_{location[(slash + 1)..]}";
    }

    /// <summary>A PDF header and then filler, made as it is read, so the test holds no copy of it.</summary>
    private sealed class GeneratedPdfStream(long length) : Stream
    {
        private static readonly byte[] Header = "%PDF-1.4\n%"u8.ToArray();
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Header.Length ? Header[at] : (byte)('a' + (at % 26));
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body of unknown length, sent chunked: the limit must hold while streaming, not only on Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
