using System.Net;
using Attachments.IntegrationTests.Hostile;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Delivery;

/// <summary>What a front end renders <c>&lt;img srcset&gt;</c> from: the attachment object's sizes, made on first request.</summary>
public sealed class NamedSizeTests : DeliveryTestBase
{
    [Test]
    public async Task Upload_ListsTheSizesSmallerThanTheOriginal_WithAReadySrcset()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "harbour.jpg");

        var sizes = stored.GetProperty("sizes");
        var srcset = stored.GetProperty("srcset").GetString()!;
        var logo = stored.GetProperty("logo").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(sizes.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "small", "medium" }), "large (1920) is not smaller than 1200");
            Assert.That(sizes.GetProperty("small").GetProperty("width").GetInt32(), Is.EqualTo(500));
            Assert.That(sizes.GetProperty("small").GetProperty("height").GetInt32(), Is.EqualTo(333));
            Assert.That(sizes.GetProperty("medium").GetProperty("width").GetInt32(), Is.EqualTo(1000));
            Assert.That(sizes.GetProperty("small").GetProperty("url").GetString(), Does.EndWith("?w=500&fmt=auto"), "a named size needs no signature");
            Assert.That(srcset, Is.EqualTo($"{sizes.GetProperty("small").GetProperty("url").GetString()} 500w, {sizes.GetProperty("medium").GetProperty("url").GetString()} 1000w, {logo} 1200w"));
        });
    }

    [Test]
    public async Task Upload_OfAPictureSmallerThanEverySize_HasNoSizes_AndTheOriginalAsItsSrcset()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(300, 200), "small.jpg");

        Assert.Multiple(() =>
        {
            Assert.That(stored.GetProperty("sizes").EnumerateObject(), Is.Empty);
            Assert.That(stored.GetProperty("srcset").GetString(), Is.EqualTo(stored.GetProperty("logo").GetString() + " 300w"));
        });
    }

    [Test]
    public async Task Upload_OfADocument_HasNoSizes()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, TestFiles.Pdf(), "notes.pdf");

        Assert.Multiple(() =>
        {
            Assert.That(stored.GetProperty("sizes").EnumerateObject(), Is.Empty);
            Assert.That(stored.GetProperty("srcset").GetString(), Is.Empty);
            Assert.That(stored.GetProperty("blurhash").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
    }

    [Test]
    public async Task SizeUrl_AnswersAvifOrWebpByAccept_WithVaryAccept_AndTheOriginalFormatOtherwise()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "harbour.jpg");
        var small = stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var avif = await GetAsync(anonymous, small, AcceptAvif);
        using var webp = await GetAsync(anonymous, small, AcceptWebp);
        using var plain = await GetAsync(anonymous, small);
        var avifPicture = await PictureOfAsync(avif);
        var webpPicture = await PictureOfAsync(webp);
        var plainPicture = await PictureOfAsync(plain);

        Assert.Multiple(() =>
        {
            Assert.That(avif.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/avif"));
            Assert.That(avifPicture.Format, Is.EqualTo(MagickFormat.Avif).Or.EqualTo(MagickFormat.Heic));
            Assert.That(webp.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/webp"));
            Assert.That(webpPicture.Format, Is.EqualTo(MagickFormat.WebP));
            Assert.That(plain.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(plainPicture.Format, Is.EqualTo(MagickFormat.Jpeg));
            foreach (var (response, picture) in new[] { (avif, avifPicture), (webp, webpPicture), (plain, plainPicture) })
            {
                Assert.That(response.Headers.Vary, Does.Contain("Accept"));
                Assert.That((picture.Width, picture.Height), Is.EqualTo((500u, 333u)));
                Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
                Assert.That(response.Headers.CacheControl?.Public, Is.True);
                Assert.That(response.Headers.ETag, Is.Not.Null);
            }
        });
        Assert.That(await DerivativeCountAsync(), Is.EqualTo(3), "one stored derivative per format");
    }

    [Test]
    public async Task SizeUrl_AskedAgain_IsServedFromTheStoredDerivative_WithETagAnd304()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, Photo(1200, 800), "harbour.jpg");
        var small = stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var first = await GetAsync(anonymous, small, AcceptWebp);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        var location = await QueryScalarAsync<string>("select location from attachment_derivatives");
        using var second = await GetAsync(anonymous, small, AcceptWebp);
        using var revalidated = await GetAsync(anonymous, small, AcceptWebp, ("If-None-Match", first.Headers.ETag!.ToString()));

        Assert.Multiple(async () =>
        {
            Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.EqualTo(firstBytes));
            Assert.That(second.Headers.ETag, Is.EqualTo(first.Headers.ETag));
            Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await DerivativeCountAsync(), Is.EqualTo(1));
            Assert.That(location, Does.StartWith("derivatives/" + stored.GetProperty("file_md5").GetString() + "/").And.EndWith(".webp"));
            Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(firstBytes), "the derivative is a stored file");
        });
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
    }

    [Test]
    public async Task SizeUrls_AskedByManyAtOnce_AreRenderedOnce()
    {
        var renders = new DecoderCalls();
        await using var counted = HostileTestBase.WithDecoderCounted(Factory, renders);
        using var client = await LoggedInClientAsync(counted);
        var stored = await UploadOkAsync(client, Photo(2400, 1600), "wide.jpg");
        var medium = stored.GetProperty("sizes").GetProperty("medium").GetProperty("url").GetString()!;
        using var anonymous = counted.CreateClient();
        renders.Reset();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => GetAsync(anonymous, medium, AcceptWebp)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(200));
            Assert.That(bodies.Distinct(new BytesComparer()).Count(), Is.EqualTo(1), "every request got the same bytes");
            Assert.That(renders.Count, Is.EqualTo(1), "the others awaited the one rendering");
        });
        Assert.That(await DerivativeCountAsync(), Is.EqualTo(1));
        await StorageConsistency.AssertHoldsAsync(TestEnvironment.ConnectionString, Storage);
        foreach (var response in responses)
            response.Dispose();
    }

    [Test]
    public async Task Sizes_FollowTheSettings_AndCropSizesKeepTheBoxShape()
    {
        var factory = FactoryWith(
            ("Images:Sizes:square:Width", "200"), ("Images:Sizes:square:Height", "200"), ("Images:Sizes:square:Mode", "Crop"),
            ("Images:Sizes:medium:Width", "0"));
        using var client = await LoggedInClientAsync(factory);
        var stored = await UploadOkAsync(client, Photo(1200, 800), "harbour.jpg");
        var sizes = stored.GetProperty("sizes");
        using var anonymous = factory.CreateClient();

        using var square = await GetAsync(anonymous, sizes.GetProperty("square").GetProperty("url").GetString()!);
        var picture = await PictureOfAsync(square);

        Assert.Multiple(() =>
        {
            Assert.That(sizes.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "small", "square" }), "medium switched off");
            Assert.That((picture.Width, picture.Height), Is.EqualTo((200u, 200u)));
            Assert.That(stored.GetProperty("srcset").GetString(), Does.Not.Contain("h=200"), "a crop has another shape: not a srcset candidate");
        });
    }

    [Test]
    public async Task SizeUrls_OnS3WithAPublicBaseUrl_PointAtTheService_WhichAloneRendersThem()
    {
        Assume.That(StorageMode.IsS3, Is.True, "S3Only: runs in the S3 run (ATTACHMENTS_TEST_STORAGE=S3)");
        var factory = FactoryWith(("Storage:PublicBaseUrl", "https://cdn.example.com/"));
        using var client = await LoggedInClientAsync(factory);
        var stored = await UploadOkAsync(client, Photo(1200, 800), "harbour.jpg");
        var small = stored.GetProperty("sizes").GetProperty("small").GetProperty("url").GetString()!;
        using var anonymous = factory.CreateClient();

        using var response = await GetAsync(anonymous, PathAndQuery(small), AcceptWebp);

        Assert.Multiple(async () =>
        {
            Assert.That(stored.GetProperty("logo").GetString(), Does.StartWith("https://cdn.example.com/"));
            Assert.That(small, Does.StartWith("http://localhost/uploads/"));
            Assert.That((await PictureOfAsync(response)).Width, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task V1_ImageInformation_StaysExactlyAsItWas()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Photo(1200, 800)), "file", "harbour.jpg" } };
        using var response = await client.PostAsync("/UploadImage", form);
        var data = (await ReadJsonAsync(response)).GetProperty("data");

        Assert.That(data.EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(new[] { "fileName", "originalFileName", "fileLinkPath", "mediaLink", "size", "createTime", "updateTime" }));
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
