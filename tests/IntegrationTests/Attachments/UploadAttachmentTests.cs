using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Attachments;

public sealed partial class UploadAttachmentTests : IntegrationTestBase
{
    [Test]
    public async Task Upload_CameraJpeg_ReturnsEveryFieldOfTheSpec()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg"));
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));

        var data = await UploadOkAsync(client, bytes, "Canon_40D.jpg");

        var location = data.GetProperty("file_location").GetString()!;
        var now = DateTime.UtcNow;
        Assert.Multiple(() =>
        {
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(1));
            Assert.That(data.GetProperty("file_name").GetString(), Is.EqualTo("Canon_40D"));
            Assert.That(location, Is.EqualTo($"uploads/{now:yyyyMM}/{now:dd}/{md5[8..24]}.jpg"));
            Assert.That(data.GetProperty("file_md5").GetString(), Is.EqualTo(md5));
            Assert.That(data.GetProperty("file_size").GetInt64(), Is.EqualTo(Storage.Length(location)));
            Assert.That(data.GetProperty("width").GetInt32(), Is.EqualTo(100));
            Assert.That(data.GetProperty("height").GetInt32(), Is.EqualTo(68));
            Assert.That(data.GetProperty("category_id").GetInt64(), Is.EqualTo(0));
            Assert.That(data.GetProperty("is_image").GetInt32(), Is.EqualTo(1));
            Assert.That(data.GetProperty("logo").GetString(), Is.EqualTo($"http://localhost/{location}"));
            Assert.That(data.GetProperty("thumb").GetString(), Is.EqualTo($"http://localhost/{ThumbOf(location)}"));
            Assert.That(data.GetProperty("created_time").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(data.GetProperty("updated_time").GetInt64(), Is.EqualTo(data.GetProperty("created_time").GetInt64()));
            Assert.That(data.GetProperty("status").GetInt32(), Is.EqualTo(1));
            Assert.That(data.GetProperty("user_id").GetInt64(), Is.EqualTo(1));
            Assert.That(Storage.Exists(location), Is.True, "file stored");
            Assert.That(Storage.Exists(ThumbOf(location)), Is.True, "thumbnail stored");
        });
    }

    [Test]
    public async Task Upload_Pdf_IsStoredByteForByteWithoutThumbnail()
    {
        var client = await LoggedInClientAsync();
        var bytes = TestFiles.Pdf();

        var data = await UploadOkAsync(client, bytes, "Quarterly report.pdf");

        var location = data.GetProperty("file_location").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(location, Does.EndWith(".pdf"));
            Assert.That(data.GetProperty("file_name").GetString(), Is.EqualTo("Quarterly report"));
            Assert.That(data.GetProperty("is_image").GetInt32(), Is.EqualTo(0));
            Assert.That(data.GetProperty("thumb").GetString(), Is.Empty);
            Assert.That(data.GetProperty("width").GetInt32(), Is.Zero);
            Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(bytes));
            Assert.That(Storage.Files(), Is.EqualTo(new[] { location }));
        });
    }

    [Test]
    public async Task Upload_SameBytesTwice_ReturnsExistingAttachment()
    {
        var client = await LoggedInClientAsync();
        var bytes = await File.ReadAllBytesAsync(Fixtures.Image("camera/Nikon_D70.jpg"));

        var first = await UploadOkAsync(client, bytes, "one.jpg");
        var second = await UploadOkAsync(client, bytes, "two.jpg");

        Assert.Multiple(async () =>
        {
            Assert.That(second.GetProperty("id").GetInt64(), Is.EqualTo(first.GetProperty("id").GetInt64()));
            Assert.That(second.GetProperty("file_location").GetString(), Is.EqualTo(first.GetProperty("file_location").GetString()));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Upload_SameBytesWithCategory_MovesExistingAttachmentThere()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("insert into attachment_categories (title, status, created_time, updated_time) values ('Banners', 1, now(), now())");
        var bytes = TestFiles.Pdf();

        var first = await UploadOkAsync(client, bytes, "a.pdf");
        var again = await UploadOkAsync(client, bytes, "a.pdf", ("category_id", "1"));

        Assert.Multiple(async () =>
        {
            Assert.That(first.GetProperty("category_id").GetInt64(), Is.EqualTo(0));
            Assert.That(again.GetProperty("id").GetInt64(), Is.EqualTo(first.GetProperty("id").GetInt64()));
            Assert.That(again.GetProperty("category_id").GetInt64(), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select category_id from attachments"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Upload_WithExistingCategory_StoresItInThatCategory()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("insert into attachment_categories (title, status, created_time, updated_time) values ('Docs', 1, now(), now())");

        var data = await UploadOkAsync(client, TestFiles.Pdf(), "a.pdf", ("category_id", "1"));

        Assert.That(data.GetProperty("category_id").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Upload_UnknownCategory_Returns400AndLeavesNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, TestFiles.Pdf(), "a.pdf", ("category_id", "42"));
        var body = await ReadJsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("category_id 42"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(Storage.Files(), Is.Empty);
        });
    }

    [TestCase("abc")]
    [TestCase("-1")]
    public async Task Upload_CategoryThatIsNotANumber_Returns400(string categoryId)
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, TestFiles.Pdf(), "a.pdf", ("category_id", categoryId));
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain("category_id"));
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task Upload_WithId_ReplacesBytesAndKeepsTheLocation()
    {
        var client = await LoggedInClientAsync();
        var original = await UploadOkAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "photo.jpg");
        var replacement = await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));

        var replaced = await UploadOkAsync(client, replacement, "new.jpg", ("id", original.GetProperty("id").GetInt64().ToString()));

        var location = original.GetProperty("file_location").GetString()!;
        Assert.Multiple(async () =>
        {
            Assert.That(replaced.GetProperty("id").GetInt64(), Is.EqualTo(original.GetProperty("id").GetInt64()));
            Assert.That(replaced.GetProperty("file_location").GetString(), Is.EqualTo(location));
            Assert.That(replaced.GetProperty("logo").GetString(), Is.EqualTo(original.GetProperty("logo").GetString()));
            Assert.That(replaced.GetProperty("file_md5").GetString(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(replacement))));
            Assert.That(replaced.GetProperty("file_name").GetString(), Is.EqualTo("photo"), "the display name stays");
            Assert.That(replaced.GetProperty("file_size").GetInt64(), Is.EqualTo(Storage.Length(location)));
            Assert.That(replaced.GetProperty("width").GetInt32(), Is.Not.EqualTo(original.GetProperty("width").GetInt32()));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(Storage.Files(), Is.EquivalentTo(new[] { location, ThumbOf(location) }), "no backup or temp file left");
        });
    }

    [Test]
    public async Task Upload_WithIdAndBytesOfAnotherAttachment_Returns409AndChangesNothing()
    {
        var client = await LoggedInClientAsync();
        var first = await UploadOkAsync(client, TestFiles.Pdf("first"), "first.pdf");
        var second = await UploadOkAsync(client, TestFiles.Pdf("second"), "second.pdf");

        using var response = await UploadAsync(
            client, TestFiles.Pdf("second"), "again.pdf", ("id", first.GetProperty("id").GetInt64().ToString()));
        var body = await ReadJsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(409));
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain($"attachment {second.GetProperty("id").GetInt64()}"));
            Assert.That(Storage.ReadAllBytes(first.GetProperty("file_location").GetString()!), Is.EqualTo(TestFiles.Pdf("first")));
            Assert.That(await QueryScalarAsync<string>("select file_md5 from attachments where id = 1"), Is.EqualTo(first.GetProperty("file_md5").GetString()));
            Assert.That(Storage.Files(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Upload_WithIdOfAPdfAndAnotherPdf_ReplacesItByteForByte()
    {
        var client = await LoggedInClientAsync();
        var original = await UploadOkAsync(client, TestFiles.Pdf("v1"), "terms.pdf");

        var replaced = await UploadOkAsync(client, TestFiles.Pdf("v2"), "terms-v2.pdf", ("id", original.GetProperty("id").GetInt64().ToString()));

        var location = original.GetProperty("file_location").GetString()!;
        Assert.That(replaced.GetProperty("file_location").GetString(), Is.EqualTo(location));
        Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(TestFiles.Pdf("v2")));
        Assert.That(Storage.Files(), Is.EqualTo(new[] { location }));
    }

    [Test]
    public async Task Upload_WithUnknownId_Returns404AndLeavesNothing()
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, TestFiles.Pdf(), "a.pdf", ("id", "99"));
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task Upload_ReplacingAPdfWithAnImage_Returns415AndKeepsThePdf()
    {
        var client = await LoggedInClientAsync();
        var pdf = TestFiles.Pdf();
        var original = await UploadOkAsync(client, pdf, "a.pdf");
        var location = original.GetProperty("file_location").GetString()!;

        using var response = await UploadAsync(
            client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "b.jpg",
            ("id", original.GetProperty("id").GetInt64().ToString()));

        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That(Storage.ReadAllBytes(location), Is.EqualTo(pdf));
        Assert.That(Storage.Files(), Is.EqualTo(new[] { location }));
    }

    [Test]
    public async Task Upload_FileNameWithPathsAndControlCharacters_KeepsOnlyTheReadableName()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, TestFiles.Pdf(), "..\\..\\evil/dir/年度 报告\u202E\u0007 final.pdf");

        Assert.That(data.GetProperty("file_name").GetString(), Is.EqualTo("年度 报告 final"));
        Assert.That(Storage.Files().Single(), Does.Match(@"^uploads/\d{6}/\d{2}/[0-9a-f]{16}\.pdf$"));
    }

    [Test]
    public async Task Upload_PdfBytesNamedJpg_IsJudgedByItsBytes()
    {
        var client = await LoggedInClientAsync();

        var data = await UploadOkAsync(client, TestFiles.Pdf(), "picture.jpg");

        Assert.That(data.GetProperty("file_location").GetString(), Does.EndWith(".pdf"));
        Assert.That(data.GetProperty("is_image").GetInt32(), Is.Zero);
    }

    private static string ThumbOf(string location) => ThumbRegex().Replace(location, "thumb_$1");

    [GeneratedRegex("([^/]+)$")]
    private static partial Regex ThumbRegex();
}
