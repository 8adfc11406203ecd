using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>Limits that count per client address and per user name, seen from several loopback addresses.</summary>
public sealed class AddressRateLimitTests : IntegrationTestBase
{
    [Test]
    public async Task Upload_OverThePerAddressLimit_Returns429ForEveryUserAtThatAddressButNotElsewhere()
    {
        var server = StartKestrel(("RateLimits:UploadPerAddress:PermitLimit", "2"), ("RateLimits:UploadPerAddress:Window", "00:01:00"));
        await CreateUserAsync("colleague", "colleague-password", "attachment.upload");
        using var admin = await LoggedInFromAsync("127.0.0.2", server);
        using var colleague = await LoggedInFromAsync("127.0.0.2", server, "colleague", "colleague-password");
        using var elsewhere = await LoggedInFromAsync("127.0.0.3", server);

        await UploadOkAsync(admin, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(colleague, TestFiles.Pdf("2"), "2.pdf");
        using var limited = await UploadAsync(colleague, TestFiles.Pdf("3"), "3.pdf");
        var body = await ReadJsonAsync(limited);
        await UploadOkAsync(elsewhere, TestFiles.Pdf("4"), "4.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(3));
            Assert.That(server.Factory.Storage.Files(), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task UploadImage_OverThePerAddressLimit_Returns429InTheV1Envelope()
    {
        var server = StartKestrel(("RateLimits:UploadPerAddress:PermitLimit", "1"));
        using var client = await LoggedInFromAsync("127.0.0.2", server);
        await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf");

        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf("x")), "file", "a.jpg" } };
        using var limited = await client.PostAsync("/UploadImage", form);
        var body = await ReadJsonAsync(limited);

        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
            Assert.That(body.GetProperty("message").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.TryGetProperty("code", out _), Is.False, "v1 envelope, not the CMS one");
        });
    }

    [Test]
    public async Task Upload_PerUserLimit_StillAppliesWhenTheUserMovesToAnotherAddress()
    {
        var server = StartKestrel(("RateLimits:Upload:PermitLimit", "1"), ("RateLimits:UploadPerAddress:PermitLimit", "100"));
        using var first = await LoggedInFromAsync("127.0.0.2", server);
        using var second = await LoggedInFromAsync("127.0.0.3", server);

        await UploadOkAsync(first, TestFiles.Pdf("1"), "1.pdf");
        using var limited = await UploadAsync(second, TestFiles.Pdf("2"), "2.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Login_OneUserNameFromManyAddresses_Returns429OnceOverTheLimitEvenWithTheRightPassword()
    {
        var server = StartKestrel(("RateLimits:LoginPerUserName:PermitLimit", "2"), ("RateLimits:LoginPerUserName:Window", "00:05:00"));
        await CreateUserAsync("editor", "editor-password", "attachment.upload");

        using var first = await LoginFromAsync("127.0.0.2", server, AttachmentsApiFactory.AdminUserName, "guess-1");
        using var second = await LoginFromAsync("127.0.0.3", server, AttachmentsApiFactory.AdminUserName, "guess-2");
        using var third = await LoginFromAsync("127.0.0.4", server, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);
        var body = await ReadJsonAsync(third);
        using var otherName = await LoginFromAsync("127.0.0.4", server, "editor", "editor-password");

        Assert.Multiple(() =>
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(401));
            Assert.That((int)second.StatusCode, Is.EqualTo(401));
            Assert.That((int)third.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(third.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 300));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That((int)otherName.StatusCode, Is.EqualTo(200), "another user name has its own limit");
        });
    }

    [Test]
    public async Task Login_VariantsOfOneUserName_ShareItsLimit()
    {
        var server = StartKestrel(("RateLimits:LoginPerUserName:PermitLimit", "1"));

        using var first = await LoginFromAsync("127.0.0.2", server, "  ADMIN ", "guess");
        using var second = await LoginFromAsync("127.0.0.3", server, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);

        Assert.Multiple(() =>
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(401));
            Assert.That((int)second.StatusCode, Is.EqualTo(429));
        });
    }

    [Test]
    public async Task Login_OverThePerAddressLimit_LeavesOtherAddressesFree()
    {
        var server = StartKestrel(("RateLimits:Login:PermitLimit", "1"));

        using var first = await LoginFromAsync("127.0.0.2", server, "someone", "guess");
        using var limited = await LoginFromAsync("127.0.0.2", server, "someone-else", "guess");
        using var elsewhere = await LoginFromAsync("127.0.0.3", server, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);

        Assert.Multiple(() =>
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(401));
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That((int)elsewhere.StatusCode, Is.EqualTo(200));
        });
    }

    private KestrelServer StartKestrel(params (string Key, string? Value)[] settings)
    {
        var factory = FactoryWith(settings);
        factory.UseKestrel(0);
        using var client = factory.CreateClient();
        return new KestrelServer(factory, client.BaseAddress!);
    }

    private static async Task<HttpClient> LoggedInFromAsync(
        string address, KestrelServer server,
        string userName = AttachmentsApiFactory.AdminUserName, string password = AttachmentsApiFactory.AdminPassword)
    {
        var client = LoopbackClients.From(address, server.Address);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client, userName, password));
        return client;
    }

    private static async Task<HttpResponseMessage> LoginFromAsync(string address, KestrelServer server, string userName, string password)
    {
        using var client = LoopbackClients.From(address, server.Address);
        var response = await client.PostAsJsonAsync("/api/login", new { user_name = userName, password });
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private sealed record KestrelServer(AttachmentsApiFactory Factory, Uri Address);
}
