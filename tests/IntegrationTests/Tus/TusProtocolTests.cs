using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Attachments.Application.Attachments.Commands.ForgetExpiredResumableUploads;
using Attachments.Domain.Constants;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using static Attachments.IntegrationTests.Tus.TusRequests;

namespace Attachments.IntegrationTests.Tus;

/// <summary>
/// tus 1.0 at /api/tus/ as a client sees it: statuses and headers of each request, the attachment a completed upload
/// becomes (exactly what an upload of the file makes), and what is left of uploads refused, ended or expired: nothing.
/// </summary>
public sealed class TusProtocolTests : IntegrationTestBase
{
    [Test]
    public async Task Options_NeedsNoToken_AndNamesVersionExtensionsAndTheSizeLimit()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, Endpoint));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Header(response, "Tus-Version"), Is.EqualTo("1.0.0"));
            Assert.That(Header(response, "Tus-Extension"), Is.EqualTo("creation,termination,expiration"));
            Assert.That(Header(response, "Tus-Max-Size"), Is.EqualTo("104857600"));
        });
    }

    [Test]
    public async Task Upload_InTwoPatches_BecomesTheAttachmentAnUploadOfTheFileWouldBe()
    {
        var client = await LoggedInClientAsync();
        var categoryId = await QueryScalarAsync<long>("insert into attachment_categories (title, status, created_time, updated_time) values ('Photos', 1, now(), now()) returning id");
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg"));
        var half = bytes.Length / 2;

        var url = await CreatedAsync(client, bytes.Length, ("filename", "Canon 40D.jpg"), ("category_id", categoryId.ToString(CultureInfo.InvariantCulture)));
        using var first = await client.SendAsync(Patch(url, 0, bytes[..half]));
        using var between = await client.SendAsync(Head(url));
        using var last = await client.SendAsync(Patch(url, half, bytes[half..]));
        using var after = await client.SendAsync(Head(url));

        var id = Header(last, "Upload-Attachment-Id");
        var detail = await ReadJsonAsync(await client.GetAsync($"/api/attachment/detail?id={id}"));
        var attachment = detail.GetProperty("data");
        Assert.Multiple(async () =>
        {
            Assert.That(url, Does.Match("^/api/tus/[0-9a-f]{32}$"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Offset(first), Is.EqualTo(half));
            Assert.That(Header(first, "Tus-Resumable"), Is.EqualTo("1.0.0"));
            Assert.That(Header(first, "Upload-Attachment-Id"), Is.Null, "not complete yet");
            Assert.That(Offset(between), Is.EqualTo(half));
            Assert.That(Header(between, "Upload-Length"), Is.EqualTo(bytes.Length.ToString(CultureInfo.InvariantCulture)));
            Assert.That(between.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Offset(last), Is.EqualTo(bytes.Length));
            Assert.That(id, Is.Not.Null);
            Assert.That(Header(after, "Upload-Attachment-Id"), Is.EqualTo(id), "HEAD tells the attachment afterwards");
            Assert.That(attachment.GetProperty("file_md5").GetString(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
            Assert.That(attachment.GetProperty("file_name").GetString(), Is.EqualTo("Canon 40D"));
            Assert.That(attachment.GetProperty("category_id").GetInt64(), Is.EqualTo(categoryId));
            Assert.That(attachment.GetProperty("is_image").GetInt32(), Is.EqualTo(1));
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty, "the parts are gone");
            Assert.That(await QueryScalarAsync<long>("select count(*) from tus_uploads where completed_at is not null and attachment_id = @id",
                ("id", long.Parse(id!, CultureInfo.InvariantCulture))), Is.EqualTo(1));
        });

        var uploaded = await UploadOkAsync(client, bytes, "Canon 40D.jpg");
        Assert.That(uploaded.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), Is.EqualTo(id), "the same bytes uploaded again are the same attachment");
    }

    [Test]
    public async Task Patch_FromAnotherOffset_Is409AndKeepsNothingOfIt()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("offsets");
        var url = await CreatedAsync(client, bytes.Length, ("filename", "a.pdf"));
        using var first = await client.SendAsync(Patch(url, 0, bytes[..10]));

        using var again = await client.SendAsync(Patch(url, 0, bytes[..10]));
        using var ahead = await client.SendAsync(Patch(url, 20, bytes[20..]));
        using var head = await client.SendAsync(Head(url));

        var body = await ReadJsonAsync(again);
        Assert.Multiple(() =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("send from offset 10"));
            Assert.That(ahead.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(Offset(head), Is.EqualTo(10));
        });
    }

    [Test]
    public async Task Patch_PastTheLength_Is413AndKeepsNothingOfIt()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("too long");
        var url = await CreatedAsync(client, bytes.Length - 5, ("filename", "a.pdf"));

        using var response = await client.SendAsync(Patch(url, 0, bytes));
        using var head = await client.SendAsync(Head(url));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That((await ReadJsonAsync(response)).GetProperty("msg").GetString(), Does.Contain("more than the").And.Contain("none of it was kept"));
            Assert.That(Offset(head), Is.Zero);
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty);
        });
    }

    [Test]
    public async Task RefusedFile_Answers415WithTheUploadsMessage_AndLeavesNoUploadPartOrAttachment()
    {
        var client = await LoggedInClientAsync();
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var url = await CreatedAsync(client, bytes.Length, ("filename", "setup.exe"));
        using var first = await client.SendAsync(Patch(url, 0, bytes[..40_000]));

        using var last = await client.SendAsync(Patch(url, 40_000, bytes[40_000..]));
        using var head = await client.SendAsync(Head(url));

        var body = await ReadJsonAsync(last);
        Assert.Multiple(async () =>
        {
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("not on the list of allowed types"));
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a refusal is final: the upload is gone");
            Assert.That(await QueryScalarAsync<long>("select count(*) from tus_uploads"), Is.Zero);
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty);
            Assert.That(Storage.StagedFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Create_RefusesWhatAnUploadWouldRefuse_BeforeAnyByteIsSent()
    {
        var client = await LoggedInClientAsync();

        using var tooLarge = await client.SendAsync(Create(104_857_601, ("filename", "huge.zip")));
        using var noName = await client.SendAsync(Create(10));
        using var empty = await client.SendAsync(Create(0, ("filename", "empty.pdf")));
        using var noCategory = await client.SendAsync(Create(10, ("filename", "a.pdf"), ("category_id", "999")));
        using var badMetadata = await client.SendAsync(WithMetadata(Create(10), "filename not*base64"));
        using var deferred = await client.SendAsync(WithHeader(TusRequests.Tus(HttpMethod.Post, Endpoint), "Upload-Defer-Length", "1"));

        Assert.Multiple(async () =>
        {
            Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(noName.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await ReadJsonAsync(noName)).GetProperty("msg").GetString(), Does.Contain("filename"));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noCategory.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await ReadJsonAsync(noCategory)).GetProperty("msg").GetString(), Does.Contain("category_id 999 does not exist"));
            Assert.That(badMetadata.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(deferred.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await QueryScalarAsync<long>("select count(*) from tus_uploads"), Is.Zero);
        });
    }

    [Test]
    public async Task Requests_WithoutTheTusVersionOrATokenOrThePermission_AreRefused()
    {
        var client = await LoggedInClientAsync();
        var url = await CreatedAsync(client, 10, ("filename", "a.pdf"));
        await CreateUserAsync("reader", "a-long-password");
        await CreateUserAsync("other", "a-long-password", Permissions.AttachmentUpload);
        using var reader = Factory.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(reader, "reader", "a-long-password"));
        using var other = Factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(other, "other", "a-long-password"));
        using var anonymous = Factory.CreateClient();

        using var noVersion = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        using var noToken = await anonymous.SendAsync(Create(10, ("filename", "a.pdf")));
        using var noPermission = await reader.SendAsync(Create(10, ("filename", "a.pdf")));
        using var notTheirs = await other.SendAsync(Patch(url, 0, new byte[10]));
        using var notTheirsToEnd = await other.SendAsync(Delete(url));

        Assert.Multiple(() =>
        {
            Assert.That(noVersion.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That(Header(noVersion, "Tus-Version"), Is.EqualTo("1.0.0"));
            Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(noPermission.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(notTheirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's upload is not there for them");
            Assert.That(notTheirsToEnd.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Delete_EndsTheUpload_WithItsParts()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("ended");
        var url = await CreatedAsync(client, bytes.Length, ("filename", "a.pdf"));
        using var first = await client.SendAsync(Patch(url, 0, bytes[..10]));
        Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Not.Empty, "the first part is kept");

        using var deleted = await client.SendAsync(Delete(url));
        using var head = await client.SendAsync(Head(url));
        using var patch = await client.SendAsync(Patch(url, 10, bytes[10..]));

        Assert.Multiple(async () =>
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty);
            Assert.That(await QueryScalarAsync<long>("select count(*) from tus_uploads"), Is.Zero);
        });
    }

    [Test]
    public async Task ExpiredUpload_Is404_AndTheSweepDeletesItWithItsParts()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("expired");
        var url = await CreatedAsync(client, bytes.Length, ("filename", "a.pdf"));
        using (var created = await client.SendAsync(Head(url)))
        {
            var expires = DateTimeOffset.Parse(Header(created, "Upload-Expires")!, CultureInfo.InvariantCulture);
            Assert.That(expires - DateTimeOffset.UtcNow, Is.EqualTo(TimeSpan.FromHours(24)).Within(TimeSpan.FromMinutes(1)), "Upload:ChunkMaxAge from now");
        }

        using var first = await client.SendAsync(Patch(url, 0, bytes[..10]));
        await ExecuteAsync("update tus_uploads set expires_at = now() - interval '1 second'");

        using var head = await client.SendAsync(Head(url));
        using var patch = await client.SendAsync(Patch(url, 10, bytes[10..]));
        await using (var scope = Factory.Services.CreateAsyncScope())
            Assert.That(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ForgetExpiredResumableUploadsCommand()), Is.EqualTo(1));

        Assert.Multiple(async () =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await ReadJsonAsync(patch)).GetProperty("msg").GetString(), Does.Contain("may have expired"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from tus_uploads"), Is.Zero);
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty);
        });
    }

    [Test]
    public async Task PatchesToTwoInstances_AddUp()
    {
        var client = await LoggedInClientAsync();
        using var second = await LoggedInClientAsync(InstanceWith());
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));
        var url = await CreatedAsync(client, bytes.Length, ("filename", "DSCN0010.jpg"));

        using var first = await client.SendAsync(Patch(url, 0, bytes[..50_000]));
        using var head = await second.SendAsync(Head(url));
        using var last = await second.SendAsync(Patch(url, 50_000, bytes[50_000..]));

        var id = Header(last, "Upload-Attachment-Id");
        var attachment = (await ReadJsonAsync(await client.GetAsync($"/api/attachment/detail?id={id}"))).GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(Offset(head), Is.EqualTo(50_000));
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(attachment.GetProperty("file_md5").GetString(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
        });
    }

    private static HttpRequestMessage WithMetadata(HttpRequestMessage request, string metadata) => WithHeader(request, "Upload-Metadata", metadata);

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
