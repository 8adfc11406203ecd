using System.Net.Http.Json;
using System.Web;
using Attachments.Application.Common.Interfaces;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Delivery;

/// <summary>Private files: stored outside uploads/, served only on a signed, unexpired link, never cached publicly.</summary>
public sealed class PrivateFileTests : DeliveryTestBase
{
    [Test]
    public async Task PrivateUpload_IsStoredUnderPrivate_AndItsPlainUrlIs403()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "contract.jpg", ("visibility", "private"));
        var location = stored.GetProperty("file_location").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var plain = await anonymous.GetAsync("/" + location);
        using var plainThumb = await anonymous.GetAsync("/" + StorageConsistency.ThumbOf(location));

        Assert.Multiple(() =>
        {
            Assert.That(stored.GetProperty("visibility").GetString(), Is.EqualTo("private"));
            Assert.That(location, Does.StartWith("uploads/"), "the location stays what the API has always said");
            Assert.That(Storage.Exists("private/" + location), Is.True);
            Assert.That(Storage.Exists("private/" + StorageConsistency.ThumbOf(location)), Is.True);
            Assert.That(Storage.Exists(location), Is.False, "nothing under uploads/, where public files are served from");
        });
        await AssertErrorAsync(plain, 403, "private", "signed");
        await AssertErrorAsync(plainThumb, 403, "private");
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [TestCase("/uploads/../private/{0}")]
    [TestCase("/uploads/%2e%2e/private/{0}")]
    [TestCase("/uploads/..%2fprivate/{0}")]
    [TestCase("/private/{0}")]
    [TestCase("/uploads/private/{0}")]
    public async Task PrivateFile_IsNotReachedByAnotherPath(string pathTemplate)
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, TestFiles.Pdf("secret"), "secret.pdf", ("visibility", "private"));
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathTemplate, stored.GetProperty("file_location").GetString()));

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.AnyOf(400, 403, 404));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("secret"));
        });
    }

    [Test]
    public async Task PrivateFile_ItsSignedUrls_ServeTheFileThumbnailAndSizes_NeverCachedPublicly()
    {
        var client = await LoggedInClientAsync();
        var photo = Photo(1200, 800);
        var stored = await UploadOkAsync(client, photo, "contract.jpg", ("visibility", "private"));
        using var anonymous = Factory.CreateClient();

        var urls = new[]
        {
            stored.GetProperty("logo").GetString()!,
            stored.GetProperty("thumb").GetString()!,
            stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!,
        };
        foreach (var url in urls)
        {
            using var response = await GetAsync(anonymous, url, AcceptWebp);
            var query = HttpUtility.ParseQueryString(new Uri(url).Query);
            Assert.Multiple(() =>
            {
                Assert.That((int)response.StatusCode, Is.EqualTo(200), url);
                Assert.That(long.Parse(query["expires"]!), Is.InRange(DateTimeOffset.UtcNow.AddMinutes(59).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(62).ToUnixTimeSeconds()), "Storage:SignedUrlLifetime, 1 h by default");
                Assert.That(query["s"], Is.Not.Empty);
                Assert.That(response.Headers.CacheControl?.Public, Is.False, url);
                Assert.That(response.Headers.CacheControl?.Private, Is.True, url);
            });
        }
    }

    [Test]
    public async Task PrivateFile_AnExpiredLink_Is403_AndAnUnsignedSize_Too()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "contract.jpg", ("visibility", "private"));
        var location = stored.GetProperty("file_location").GetString()!;
        var signer = Factory.Services.GetRequiredService<IUrlSigner>();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        using var anonymous = Factory.CreateClient();

        using var expired = await anonymous.GetAsync($"/{location}?expires={past}&s={signer.Sign(location, $"expires={past}")}");
        using var unsignedSize = await anonymous.GetAsync($"/{location}?w=500&fmt=auto");
        using var forged = await anonymous.GetAsync($"/{location}?expires={past + 7200}&s={signer.Sign(location, $"expires={past}")}");

        await AssertErrorAsync(expired, 403, "expired");
        await AssertErrorAsync(unsignedSize, 403, "private");
        await AssertErrorAsync(forged, 403, "signature");
    }

    [Test]
    public async Task Edit_MakesAFilePublicAndPrivateAgain_MovingItsFiles()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, TestFiles.Pdf("minutes"), "minutes.pdf");
        var id = stored.GetProperty("id").GetInt64();
        var location = stored.GetProperty("file_location").GetString()!;
        using var anonymous = Factory.CreateClient();

        var madePrivate = await EditAsync(client, new { id, visibility = "private" });
        using var refused = await anonymous.GetAsync("/" + location);
        using var signed = await anonymous.GetAsync(madePrivate.GetProperty("logo").GetString()!);
        var signedBody = await signed.Content.ReadAsByteArrayAsync();
        var madePublic = await EditAsync(client, new { id, visibility = "public" });
        using var served = await anonymous.GetAsync("/" + location);

        Assert.Multiple(() =>
        {
            Assert.That(madePrivate.GetProperty("logo").GetString(), Does.Contain("expires=").And.Contain("&s="));
            Assert.That((int)refused.StatusCode, Is.EqualTo(403));
            Assert.That((int)signed.StatusCode, Is.EqualTo(200));
            Assert.That(signedBody, Is.EqualTo(TestFiles.Pdf("minutes")));
            Assert.That(signed.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("minutes.pdf"), "downloads under its name");
            Assert.That(madePublic.GetProperty("logo").GetString(), Does.Not.Contain("?"));
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
            Assert.That(served.Headers.CacheControl?.Public, Is.True);
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Visibility_OtherThanPublicOrPrivate_Is400_AndStoresNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, Photo(300, 200), "x.jpg", ("visibility", "secret"));

        await AssertErrorAsync(response, 400, "visibility");
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
    }

    [Test]
    public async Task Visibility_CanOnlyBeChangedByAManager()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, Photo(300, 200), "x.jpg")).GetProperty("id").GetInt64();
        await CreateUserAsync("uploader", "uploader-password-1", "attachment.upload");
        using var uploader = Factory.CreateClient();
        uploader.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(uploader, "uploader", "uploader-password-1"));

        using var response = await uploader.PostAsJsonAsync("/api/attachment/edit", new { id, visibility = "private" });

        Assert.That((int)response.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task SameBytesUploadedAsPrivate_MakeTheExistingFilePrivate()
    {
        var client = await LoggedInClientAsync();
        var photo = Photo(300, 200);
        var first = await UploadOkAsync(client, photo, "x.jpg");
        var again = await UploadOkAsync(client, photo, "x.jpg", ("visibility", "private"));

        Assert.Multiple(() =>
        {
            Assert.That(again.GetProperty("id").GetInt64(), Is.EqualTo(first.GetProperty("id").GetInt64()));
            Assert.That(again.GetProperty("visibility").GetString(), Is.EqualTo("private"));
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task V1_DeleteImage_OfAPrivateImage_RemovesItsFiles()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(300, 200), "x.jpg", ("visibility", "private"));
        var name = Path.GetFileName(stored.GetProperty("file_location").GetString()!);

        using var response = await client.DeleteAsync("/DeleteImage?FileName=" + name);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(Storage.Files().Where(f => f.StartsWith("private/", StringComparison.Ordinal)), Is.Empty);
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task Redirect_OnS3_APrivateFileIsAPresignedGetOfItsPrivateObject()
    {
        Assume.That(StorageMode.IsS3, Is.True, "S3Only: runs in the S3 run (ATTACHMENTS_TEST_STORAGE=S3)");
        var factory = FactoryWith(("Storage:Serve", "Redirect"));
        using var client = await LoggedInClientAsync(factory);
        var photo = Photo(300, 200);
        var stored = await UploadOkAsync(client, photo, "x.jpg", ("visibility", "private"));
        var logo = new Uri(stored.GetProperty("logo").GetString()!);
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync("/" + stored.GetProperty("file_location").GetString());
        using var bucket = new HttpClient();
        using var served = await bucket.GetAsync(logo);

        Assert.Multiple(async () =>
        {
            Assert.That(logo.Authority, Is.EqualTo(TestEnvironment.S3.ServiceUrl.Authority), "the API gives the presigned URL itself");
            Assert.That(logo.AbsolutePath, Does.Contain("/private/uploads/"));
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
            Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(factory.Storage.ReadAllBytes("private/" + stored.GetProperty("file_location").GetString())));
            Assert.That((int)refused.StatusCode, Is.EqualTo(403));
        });
    }
}
