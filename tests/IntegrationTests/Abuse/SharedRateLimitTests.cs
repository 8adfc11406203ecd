using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// Two instances of the API on one database: with <c>ConnectionStrings:Redis</c> they count every limit together in a
/// real redis-server, without it each counts on its own, and when Redis goes away each falls back to its own count.
/// </summary>
public sealed class SharedRateLimitTests : IntegrationTestBase
{
    private RedisServer _redis = null!;

    [SetUp]
    public async Task EmptyRedisAsync()
    {
        _redis = await RedisServer.SharedAsync();
        await _redis.FlushAsync();
    }

    [Test]
    public async Task Upload_AlternatedBetweenTwoInstances_IsCountedPerUserAcrossBoth()
    {
        var (first, second) = await TwoInstancesAsync(_redis.ConnectionString, ("RateLimits:Upload:PermitLimit", "3"));

        await UploadOkAsync(first, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(second, TestFiles.Pdf("2"), "2.pdf");
        await UploadOkAsync(first, TestFiles.Pdf("3"), "3.pdf");
        using var limited = await UploadAsync(second, TestFiles.Pdf("4"), "4.pdf");
        var body = await ReadJsonAsync(limited);

        Assert.Multiple(async () =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("try again in"));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Upload_AlternatedBetweenTwoInstances_IsCountedPerAddressAcrossBoth()
    {
        await CreateUserAsync("colleague", "colleague-password", "attachment.upload");
        using var first = await LoggedInClientAsync(SharedInstance(_redis.ConnectionString, ("RateLimits:UploadPerAddress:PermitLimit", "2")));
        using var colleague = SharedInstance(_redis.ConnectionString, ("RateLimits:UploadPerAddress:PermitLimit", "2")).CreateClient();
        colleague.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(colleague, "colleague", "colleague-password"));

        await UploadOkAsync(first, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(colleague, TestFiles.Pdf("2"), "2.pdf");
        using var limited = await UploadAsync(first, TestFiles.Pdf("3"), "3.pdf");

        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        });
    }

    [Test]
    public async Task Login_AlternatedBetweenTwoInstances_IsCountedPerAddressAcrossBoth()
    {
        using var first = SharedInstance(_redis.ConnectionString, ("RateLimits:Login:PermitLimit", "2")).CreateClient();
        using var second = SharedInstance(_redis.ConnectionString, ("RateLimits:Login:PermitLimit", "2")).CreateClient();

        using var wrong = await LoginAttemptAsync(first, AttachmentsApiFactory.AdminUserName, "guess");
        using var right = await LoginAttemptAsync(second, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);
        using var limited = await LoginAttemptAsync(first, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);
        var body = await ReadJsonAsync(limited);

        Assert.Multiple(() =>
        {
            Assert.That((int)wrong.StatusCode, Is.EqualTo(401));
            Assert.That((int)right.StatusCode, Is.EqualTo(200));
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("try again in"));
        });
    }

    [Test]
    public async Task Login_OneUserNameAlternatedBetweenTwoInstances_IsCountedAcrossBoth()
    {
        using var first = SharedInstance(_redis.ConnectionString, ("RateLimits:LoginPerUserName:PermitLimit", "2")).CreateClient();
        using var second = SharedInstance(_redis.ConnectionString, ("RateLimits:LoginPerUserName:PermitLimit", "2")).CreateClient();

        using var one = await LoginAttemptAsync(first, "admin", "guess-1");
        using var two = await LoginAttemptAsync(second, " ADMIN ", "guess-2");
        using var limited = await LoginAttemptAsync(first, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);
        var body = await ReadJsonAsync(limited);
        using var otherName = await LoginAttemptAsync(second, "someone-else", "guess");

        Assert.Multiple(() =>
        {
            Assert.That((int)one.StatusCode, Is.EqualTo(401));
            Assert.That((int)two.StatusCode, Is.EqualTo(401));
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), body.ToString());
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 300));
            Assert.That((int)otherName.StatusCode, Is.EqualTo(401), "another user name has its own count");
        });
    }

    [Test]
    public async Task Upload_TwoInstancesWithoutRedis_EachCountsOnItsOwn()
    {
        var (first, second) = await TwoInstancesAsync(redis: null, ("RateLimits:Upload:PermitLimit", "1"));

        await UploadOkAsync(first, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(second, TestFiles.Pdf("2"), "2.pdf");
        using var limited = await UploadAsync(first, TestFiles.Pdf("3"), "3.pdf");

        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429));
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        });
    }

    [Test]
    public async Task Upload_AfterRedisDies_EachInstanceCountsOnItsOwnAndReadinessSaysDegraded()
    {
        await using var redis = await RedisServer.StartAsync();
        var (first, second) = await TwoInstancesAsync(redis.ConnectionString + ",asyncTimeout=1000", ("RateLimits:Upload:PermitLimit", "2"));
        await UploadOkAsync(first, TestFiles.Pdf("shared"), "shared.pdf");

        await redis.KillAsync();
        await UploadOkAsync(first, TestFiles.Pdf("1"), "1.pdf");
        await UploadOkAsync(first, TestFiles.Pdf("2"), "2.pdf");
        using var limited = await UploadAsync(first, TestFiles.Pdf("3"), "3.pdf");
        await UploadOkAsync(second, TestFiles.Pdf("4"), "4.pdf");
        using var ready = await first.GetAsync("/health/ready");
        var health = await ReadJsonAsync(ready);

        Assert.Multiple(() =>
        {
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), "the instance's own count still limits");
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That((int)ready.StatusCode, Is.EqualTo(200), health.ToString());
            Assert.That(health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Degraded"), health.ToString());
            Assert.That(health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Ready_WithRedisAnswering_ListsItHealthy()
    {
        using var client = SharedInstance(_redis.ConnectionString).CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        var health = await ReadJsonAsync(ready);

        Assert.Multiple(() =>
        {
            Assert.That((int)ready.StatusCode, Is.EqualTo(200), health.ToString());
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Healthy"), health.ToString());
            Assert.That(health.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString(), Does.Contain("shared"));
        });
    }

    private AttachmentsApiFactory SharedInstance(string? redis, params (string Key, string? Value)[] settings) =>
        FactoryWith([("ConnectionStrings:Redis", redis), .. settings]);

    private async Task<(HttpClient First, HttpClient Second)> TwoInstancesAsync(string? redis, params (string Key, string? Value)[] settings)
    {
        var first = await LoggedInClientAsync(SharedInstance(redis, settings));
        var second = await LoggedInClientAsync(SharedInstance(redis, settings));
        return (first, second);
    }

    private static async Task<HttpResponseMessage> LoginAttemptAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsJsonAsync("/api/login", new { user_name = userName, password });
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
