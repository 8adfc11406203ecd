using System.Net;
using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Attachments;

/// <summary>
/// What only a bucket can do or get wrong: redirects to presigned URLs, public URLs on the bucket, direct uploads that
/// never pass through the service, and a start-up that says what is wrong with the bucket. Run in the S3 run only.
/// </summary>
[Category(Category)]
public sealed class S3ProviderTests : IntegrationTestBase
{
    public const string Category = "S3Only";

    [SetUp]
    public void RequireS3() =>
        Assume.That(StorageMode.IsS3, Is.True, "S3Only: runs in the S3 run (ATTACHMENTS_TEST_STORAGE=S3)");

    [Test]
    public async Task Redirect_AnswersAPresignedUrl_AtWhichTheBucketServesTheBytesUnderTheirName()
    {
        var factory = FactoryWith(("Storage:Serve", "Redirect"));
        using var client = await LoggedInClientAsync(factory);
        var pdf = TestFiles.Pdf();
        var stored = await UploadOkAsync(client, pdf, "annual report.pdf");
        var path = new Uri(stored.GetProperty("logo").GetString()!).AbsolutePath;

        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var redirect = await anonymous.GetAsync(path);
        var location = redirect.Headers.Location!;
        using var bucket = new HttpClient();
        using var served = await bucket.GetAsync(location);

        Assert.Multiple(() =>
        {
            Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(redirect.Headers.CacheControl?.NoStore, Is.True, "a presigned URL expires: never cached");
            Assert.That(location.Authority, Is.EqualTo(TestEnvironment.S3.ServiceUrl.Authority), "the bucket sends the bytes");
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
            Assert.That(served.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(served.Content.Headers.ContentDisposition?.ToString(), Does.Contain("annual report.pdf"));
        });
        Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
    }

    [Test]
    public async Task PublicBaseUrl_PointsLogoAndThumbAtTheObjectKeys()
    {
        var factory = FactoryWith(("Storage:PublicBaseUrl", "https://cdn.example.com/"));
        using var client = await LoggedInClientAsync(factory);
        var stored = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "photo.jpg");
        var prefix = factory.Storage.Settings["Storage:S3:Prefix"].Trim('/') + "/";
        var location = stored.GetProperty("file_location").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(stored.GetProperty("logo").GetString(), Is.EqualTo($"https://cdn.example.com/{prefix}{location}"));
            Assert.That(stored.GetProperty("thumb").GetString(), Is.EqualTo($"https://cdn.example.com/{prefix}{StorageConsistency.ThumbOf(location)}"));
            Assert.That(factory.Storage.Exists(location), Is.True);
        });
    }

    [Test]
    public async Task DirectUpload_TheBytesGoStraightToTheBucket_AndBecomeAnAttachment()
    {
        using var client = await LoggedInClientAsync();
        var pdf = TestFiles.Pdf();
        using var presign = await client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "big.pdf", file_size = pdf.Length });
        var target = (await ReadJsonAsync(presign)).GetProperty("data");
        var url = new Uri(target.GetProperty("url").GetString()!);

        using var bucket = new HttpClient();
        using var put = await bucket.PutAsync(url, new ByteArrayContent(pdf));
        using var complete = await client.PostAsJsonAsync("/api/attachment/upload/complete", new { upload_id = target.GetProperty("upload_id").GetString() });
        var body = await ReadJsonAsync(complete);

        Assert.Multiple(() =>
        {
            Assert.That(url.Authority, Is.EqualTo(TestEnvironment.S3.ServiceUrl.Authority), "the URL is the bucket's, not the service's");
            Assert.That(target.GetProperty("method").GetString(), Is.EqualTo("PUT"));
            Assert.That((int)put.StatusCode, Is.EqualTo(200));
            Assert.That((int)complete.StatusCode, Is.EqualTo(200), body.ToString());
        });
        var location = body.GetProperty("data").GetProperty("file_location").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(Factory.Storage.ReadAllBytes(location), Is.EqualTo(pdf));
            Assert.That(Factory.Storage.ListUnder(".direct/"), Is.Empty, "the uploaded object is gone once stored");
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Factory.Storage);
    }

    [TestCase("Storage:S3:SecretKey", "not-the-secret", "refused the signature")]
    [TestCase("Storage:S3:AccessKey", "NOSUCHKEY", "does not know the access key")]
    [TestCase("Storage:S3:Bucket", "no-such-bucket-for-attachments", "does not exist")]
    [TestCase("Storage:S3:ServiceUrl", "http://127.0.0.1:9", "is unreachable")]
    public void Startup_WithABucketItCannotUse_RefusesAndSaysWhatToFix(string key, string value, string reason)
    {
        var factory = FactoryWith((key, value));

        var refusal = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.That(refusal!.Message, Does.Contain(reason).And.Contain("bucket '"));
    }
}
