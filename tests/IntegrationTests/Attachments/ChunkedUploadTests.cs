using System.Security.Cryptography;
using System.Text.Json;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Attachments;

public sealed class ChunkedUploadTests : IntegrationTestBase
{
    [Test]
    public async Task ChunkedUpload_PartsInOrder_LastPartAnswersWithTheAttachment()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));
        var parts = Split(bytes, 3);

        var first = await SendPartAsync(client, bytes, parts, 0);
        var second = await SendPartAsync(client, bytes, parts, 1);
        var last = await SendPartAsync(client, bytes, parts, 2);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("complete").GetBoolean(), Is.False);
            Assert.That(first.GetProperty("received").GetInt32(), Is.EqualTo(1));
            Assert.That(second.GetProperty("received").GetInt32(), Is.EqualTo(2));
            Assert.That(second.GetProperty("chunks").GetInt32(), Is.EqualTo(3));
            Assert.That(last.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(bytes)));
            Assert.That(last.GetProperty("file_name").GetString(), Is.EqualTo("holiday"));
            Assert.That(last.GetProperty("width").GetInt32(), Is.EqualTo(640));
            Assert.That(Storage.Files().Where(f => !f.StartsWith("uploads/", StringComparison.Ordinal)), Is.Empty, "no part left behind");
        });
    }

    [Test]
    public async Task ChunkedUpload_PartsOutOfOrderAndRetried_AssembleTheSameFile()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf(new string('x', 5000));
        var parts = Split(bytes, 4);

        foreach (var index in new[] { 3, 1, 3, 0, 1 })
            await SendPartAsync(client, bytes, parts, index);
        var last = await SendPartAsync(client, bytes, parts, 2);

        Assert.That(Storage.ReadAllBytes(last.GetProperty("file_location").GetString()!), Is.EqualTo(bytes));
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
    }

    [Test]
    public async Task ChunkedUpload_PartsSentAllAtOnce_StoreOneAttachment()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf(new string('y', 20000));
        var parts = Split(bytes, 6);

        var answers = await Task.WhenAll(Enumerable.Range(0, parts.Count).Select(i => SendPartAsync(client, bytes, parts, i)));

        var attachments = answers.Where(a => a.TryGetProperty("id", out _)).ToList();
        Assert.That(attachments, Is.Not.Empty);
        Assert.That(attachments.Select(a => a.GetProperty("id").GetInt64()).Distinct(), Has.Exactly(1).Items);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        Assert.That(Storage.ReadAllBytes(attachments[0].GetProperty("file_location").GetString()!), Is.EqualTo(bytes));
    }

    [Test]
    public async Task ChunkedUpload_WhoseMd5DoesNotMatch_Returns400AndKeepsNothing()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf("real");
        var parts = Split(bytes, 2);
        var wrongMd5 = Md5(TestFiles.Pdf("other"));

        await SendAsync(client, parts[0], 0, 2, wrongMd5, expectedStatus: 200);
        var body = await SendAsync(client, parts[1], 1, 2, wrongMd5, expectedStatus: 400);

        Assert.That(body.GetProperty("msg").GetString(), Does.Contain("md5"));
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task ChunkedUpload_PartsAddingUpOverTheLimit_Returns413AndDiscardsThem()
    {
        var factory = FactoryWith(("Upload:MaxFileSizeBytes", "1000"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        var bytes = TestFiles.Pdf(new string('z', 1200));
        var parts = Split(bytes, 2);

        await SendAsync(client, parts[0], 0, 2, Md5(bytes), expectedStatus: 200);
        await SendAsync(client, parts[1], 1, 2, Md5(bytes), expectedStatus: 413);

        Assert.That(factory.Storage.Files(), Is.Empty);
    }

    [TestCase("2", "2", "chunk")]
    [TestCase("0", "-1", "chunk")]
    [TestCase("0", "0", "chunks")]
    [TestCase("x", "2", "chunk")]
    public async Task ChunkedUpload_WithBadIndexes_Returns400NamingTheField(string chunk, string chunks, string field)
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, [1, 2, 3], "blob",
            ("chunk", chunk), ("chunks", chunks), ("file_name", "a.pdf"), ("md5", new string('a', 32)));
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain(field));
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task ChunkedUpload_WithAMalformedMd5_Returns400()
    {
        var client = await LoggedInClientAsync();

        var body = await SendAsync(client, [1, 2, 3], 0, 2, "../../etc", expectedStatus: 400);

        Assert.That(body.GetProperty("msg").GetString(), Does.Contain("md5"));
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task ChunkedUpload_AbandonedParts_AreSweptAfterTheConfiguredAge()
    {
        var factory = FactoryWith(("Upload:ChunkMaxAge", "00:00:01"), ("Upload:ChunkSweepInterval", "00:00:01"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        var bytes = TestFiles.Pdf();

        await SendAsync(client, Split(bytes, 2)[0], 0, 2, Md5(bytes), expectedStatus: 200);
        Assert.That(factory.Storage.Files(), Has.Some.StartsWith(".chunks/"));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (factory.Storage.Files().Count != 0 && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        Assert.That(factory.Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task ChunkedUpload_LastPartRefused503ByABusyImageQueue_KeepsThePartsSoARetryOfThatPartCompletes()
    {
        var factory = FactoryWith(("Images:MaxConcurrentJobs", "1"), ("Images:MaxQueuedJobs", "0"));
        using var client = await LoggedInClientAsync(factory);
        var limiter = factory.Services.GetRequiredService<ImageWorkLimiter>();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));
        var parts = Split(bytes, 3);
        await SendPartAsync(client, bytes, parts, 0);
        await SendPartAsync(client, bytes, parts, 1);

        JsonElement refused;
        using (await limiter.EnterAsync(CancellationToken.None))
            refused = await SendAsync(client, parts[2], 2, parts.Count, Md5(bytes), expectedStatus: 503);
        var partsKept = factory.Storage.Files().Count(f => f.StartsWith(".chunks/", StringComparison.Ordinal));
        var retried = await SendPartAsync(client, bytes, parts, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.GetProperty("msg").GetString(), Does.Contain("busy"));
            Assert.That(partsKept, Is.EqualTo(3), "every part is kept for the retry");
            Assert.That(retried.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(bytes)));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(factory.Storage.Files().Where(f => !f.StartsWith("uploads/", StringComparison.Ordinal)), Is.Empty, "no part left behind");
        });
    }

    private static async Task<JsonElement> SendPartAsync(HttpClient client, byte[] whole, List<byte[]> parts, int index) =>
        (await SendAsync(client, parts[index], index, parts.Count, Md5(whole), expectedStatus: 200)).GetProperty("data");

    private static async Task<JsonElement> SendAsync(HttpClient client, byte[] part, int index, int chunks, string md5, int expectedStatus)
    {
        using var response = await UploadAsync(client, part, "blob",
            ("chunk", index.ToString()), ("chunks", chunks.ToString()), ("file_name", "holiday.jpg"), ("md5", md5));
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus), body.ToString());
        return body;
    }

    private static List<byte[]> Split(byte[] bytes, int count)
    {
        var size = (bytes.Length + count - 1) / count;
        return [.. bytes.Chunk(size)];
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
