using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Envelope;

namespace Attachments.IntegrationTests.Categories;

public sealed class MoveAttachmentsTests : CategoryTestBase
{
    private const string Old = "2025-01-01T00:00:00Z";

    [Test]
    public async Task Move_ToCategory_MovesRowsTouchesUpdatedTimeAndLeavesFilesAlone()
    {
        var client = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(client, "Target");
        var a = await UploadPdfAsync(client, "a");
        var b = await UploadPdfAsync(client, "b");
        var untouched = await UploadPdfAsync(client, "c");
        await ExecuteAsync($"update attachments set created_time = '{Old}', updated_time = '{Old}'");
        var filesBefore = Storage.Files();

        var data = await MoveOkAsync(client, target, a, b);

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("moved").GetInt32(), Is.EqualTo(2));
            Assert.That(await CategoryOfAsync(a), Is.EqualTo(target));
            Assert.That(await CategoryOfAsync(b), Is.EqualTo(target));
            Assert.That(await CategoryOfAsync(untouched), Is.Zero);
            Assert.That(await QueryScalarAsync<long>(
                "select count(*) from attachments where updated_time > now() - interval '1 minute'"), Is.EqualTo(2));
            Assert.That(await QueryScalarAsync<long>(
                $"select count(*) from attachments where created_time = '{Old}'"), Is.EqualTo(3), "created_time is kept");
            Assert.That(await QueryScalarAsync<long>(
                $"select count(*) from attachments where id = {untouched} and updated_time = '{Old}'"), Is.EqualTo(1));
            Assert.That(Storage.Files(), Is.EqualTo(filesBefore), "moving between categories never moves files");
        });
    }

    [Test]
    public async Task Move_BetweenCategories_MovesFromTheOldOne()
    {
        var client = await LoggedInClientAsync();
        var from = await CreateCategoryIdAsync(client, "From");
        var to = await CreateCategoryIdAsync(client, "To");
        var a = await UploadPdfAsync(client, "a", from);

        var data = await MoveOkAsync(client, to, a);

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("moved").GetInt32(), Is.EqualTo(1));
            Assert.That(await CategoryOfAsync(a), Is.EqualTo(to));
        });
    }

    [Test]
    public async Task Move_ToCategoryZero_ClearsTheCategory()
    {
        var client = await LoggedInClientAsync();
        var from = await CreateCategoryIdAsync(client, "From");
        var a = await UploadPdfAsync(client, "a", from);
        var b = await UploadPdfAsync(client, "b", from);

        var data = await MoveOkAsync(client, 0, a, b);

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("moved").GetInt32(), Is.EqualTo(2));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments where category_id is null"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Move_AttachmentsAlreadyInTarget_AreNotCountedNorTouched()
    {
        var client = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(client, "Target");
        var already = await UploadPdfAsync(client, "already", target);
        var uncategorised = await UploadPdfAsync(client, "uncategorised");
        var moving = await UploadPdfAsync(client, "moving");
        await ExecuteAsync($"update attachments set updated_time = '{Old}'");

        var toTarget = await MoveOkAsync(client, target, already, moving);
        var toNone = await MoveOkAsync(client, 0, uncategorised);

        Assert.Multiple(async () =>
        {
            Assert.That(toTarget.GetProperty("moved").GetInt32(), Is.EqualTo(1));
            Assert.That(toNone.GetProperty("moved").GetInt32(), Is.Zero);
            Assert.That(await QueryScalarAsync<long>($"select count(*) from attachments where updated_time = '{Old}'"), Is.EqualTo(2));
            Assert.That(await CategoryOfAsync(moving), Is.EqualTo(target));
        });
    }

    [Test]
    public async Task Move_DuplicateIds_MovesEachOnce()
    {
        var client = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(client, "Target");
        var a = await UploadPdfAsync(client, "a");

        var data = await MoveOkAsync(client, target, a, a, a);

        Assert.That(data.GetProperty("moved").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Move_SomeUnknownIds_Returns404ListingThemAndMovesNothing()
    {
        var client = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(client, "Target");
        var a = await UploadPdfAsync(client, "a");
        var b = await UploadPdfAsync(client, "b");

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = target, ids = new[] { a, 777, b, 555 } });

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("555, 777"));
            Assert.That(ErrorEnvelope.Msg(body), Does.Not.Contain($"{a},").And.Not.Contain($" {b} "));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments where category_id is not null"), Is.Zero);
        });
    }

    [Test]
    public async Task Move_UnknownCategory_Returns400WordedAsTheUpload()
    {
        var client = await LoggedInClientAsync();
        var a = await UploadPdfAsync(client, "a");

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = 99, ids = new[] { a } });
        using var upload = await UploadAsync(client, Support.TestFiles.Pdf("b"), "b.pdf", ("category_id", "99"));

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        var uploadBody = await ErrorEnvelope.AssertAsync(upload, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("category_id 99 does not exist"));
            Assert.That(ErrorEnvelope.Msg(body), Is.EqualTo(ErrorEnvelope.Msg(uploadBody)));
            Assert.That(await CategoryOfAsync(a), Is.Zero);
        });
    }

    [Test]
    public async Task Move_EmptyIds_Returns400NamingIds()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = 0, ids = Array.Empty<long>() });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("ids"));
    }

    [Test]
    public async Task Move_MissingIds_Returns400NamingIds()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = 0 });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("ids"));
    }

    [Test]
    public async Task Move_MoreThan1000Ids_Returns400NamingTheLimit()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = 0, ids = Enumerable.Range(1, 1001).ToArray() });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("ids").And.Contain("1000"));
    }

    [Test]
    public async Task Move_Exactly1000Ids_IsAcceptedUpToTheExistenceCheck()
    {
        var client = await LoggedInClientAsync();
        var a = await UploadPdfAsync(client, "a");
        var ids = Enumerable.Range(2, 999).Select(i => (long)i).Prepend(a).ToArray();

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = 0, ids });

        await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
    }

    [TestCase("""{"category_id":0,"ids":[0]}""", "ids")]
    [TestCase("""{"category_id":0,"ids":[-3]}""", "ids")]
    [TestCase("""{"category_id":-1,"ids":[1]}""", "category_id")]
    [TestCase("""{"ids":[1]}""", "category_id")]
    [TestCase("""{"category_id":0,"ids":["one"]}""", "ids")]
    [TestCase("""{"category_id":"x","ids":[1]}""", "category_id")]
    public async Task Move_InvalidInput_Returns400NamingTheField(string json, string field)
    {
        var client = await LoggedInClientAsync();
        var a = await UploadPdfAsync(client, "a");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(MovePath, content);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain(field));
            Assert.That(await CategoryOfAsync(a), Is.Zero);
        });
    }

    [Test]
    public async Task Move_WithoutToken_Returns401With1001()
    {
        var admin = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(admin, "Target");
        var a = await UploadPdfAsync(admin, "a");
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync(MovePath, new { category_id = target, ids = new[] { a } });

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(await CategoryOfAsync(a), Is.Zero);
    }

    [Test]
    public async Task Move_UserWithoutManagePermission_Returns403With1002()
    {
        var admin = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(admin, "Target");
        var a = await UploadPdfAsync(admin, "a");
        using var client = await ClientOfUserWithAsync("attachment.upload", "attachment.delete");

        using var response = await client.PostAsJsonAsync(MovePath, new { category_id = target, ids = new[] { a } });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.manage"));
            Assert.That(await CategoryOfAsync(a), Is.Zero);
        });
    }

    [Test]
    public async Task Move_UserWithOnlyManagePermission_IsAccepted()
    {
        var admin = await LoggedInClientAsync();
        var target = await CreateCategoryIdAsync(admin, "Target");
        var a = await UploadPdfAsync(admin, "a");
        using var client = await ClientOfUserWithAsync("attachment.manage");

        var data = await MoveOkAsync(client, target, a);

        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("moved").GetInt32(), Is.EqualTo(1));
            Assert.That(await CategoryOfAsync(a), Is.EqualTo(target));
        });
    }
}
