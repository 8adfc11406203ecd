using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class RateLimitTests : IntegrationTestBase
{
    [Test]
    public async Task Login_OverTheLimitForAnAddress_Returns429WithRetryAfterInTheEnvelope()
    {
        var factory = FactoryWith(("RateLimits:Login:PermitLimit", "2"), ("RateLimits:Login:Window", "00:01:00"));
        using var client = factory.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/api/login", new { user_name = "admin", password = "wrong" });
        using var right = await client.PostAsJsonAsync("/api/login", new { user_name = AttachmentsApiFactory.AdminUserName, password = AttachmentsApiFactory.AdminPassword });
        using var limited = await client.PostAsJsonAsync("/api/login", new { user_name = AttachmentsApiFactory.AdminUserName, password = AttachmentsApiFactory.AdminPassword });
        var body = await ReadJsonAsync(limited);

        Assert.Multiple(() =>
        {
            Assert.That((int)wrong.StatusCode, Is.EqualTo(401));
            Assert.That((int)right.StatusCode, Is.EqualTo(200));
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Upload_OverTheLimitForAUser_Returns429AndLeavesNothingWhileOtherUsersGoOn()
    {
        var factory = FactoryWith(("RateLimits:Upload:PermitLimit", "2"), ("RateLimits:Upload:Window", "00:01:00"));
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(admin));
        await CreateUserAsync("uploader", "uploader-password", "attachment.upload");
        using var other = factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(other, "uploader", "uploader-password"));

        await UploadOkAsync(admin, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(admin, TestFiles.Pdf("2"), "2.pdf");
        using var limited = await UploadAsync(admin, TestFiles.Pdf("3"), "3.pdf");
        var body = await ReadJsonAsync(limited);
        await UploadOkAsync(other, TestFiles.Pdf("4"), "4.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(3));
            Assert.That(factory.Storage.Files(), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task UploadImage_OverTheLimit_Returns429InTheV1Envelope()
    {
        var factory = FactoryWith(("RateLimits:Upload:PermitLimit", "1"), ("RateLimits:Upload:Window", "00:01:00"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");

        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf("x")), "file", "a.jpg" } };
        using var limited = await client.PostAsync("/UploadImage", form);
        var body = await ReadJsonAsync(limited);

        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.TryGetProperty("code", out _), Is.False, "v1 envelope, not the CMS one");
        });
    }

    [TestCase("RateLimits:UploadPerAddress:PermitLimit", "0")]
    [TestCase("RateLimits:LoginPerUserName:Window", "00:00:00")]
    public void StartUp_WithAZeroLimitOrWindow_FailsNamingTheSetting(string key, string value)
    {
        var factory = FactoryWith((key, value));

        var error = Assert.Catch(() => factory.CreateClient().Dispose());

        Assert.That(error!.ToString(), Does.Contain(key[..key.LastIndexOf(':')]));
    }
}
