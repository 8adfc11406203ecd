using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Envelope;
using Npgsql;

namespace Attachments.IntegrationTests.Categories;

public sealed class DeleteCategoryTests : CategoryTestBase
{
    [Test]
    public async Task Delete_EmptyCategory_RemovesRowAndReturnsDataNull()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Doomed");
        var kept = await CreateCategoryIdAsync(client, "Kept");

        using var response = await client.PostAsJsonAsync(DeletePath, new { id });

        var data = await OkDataAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(data.ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories where id = @id", ("id", id)), Is.Zero);
            Assert.That(await AttachCountsAsync(client), Is.EqualTo(new Dictionary<long, int> { [kept] = 0 }));
        });
    }

    [Test]
    public async Task Delete_CategoryWithAttachments_Returns409NamingHowManyItHolds()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Busy");
        var a = await UploadPdfAsync(client, "a", id);
        await UploadPdfAsync(client, "b", id);
        await UploadPdfAsync(client, "c", id);
        var location = await QueryScalarAsync<string>("select file_location from attachments where id = @id", ("id", a));

        using var response = await client.PostAsJsonAsync(DeletePath, new { id });

        var body = await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("3 attachments"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories where id = @id", ("id", id)), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments where category_id = @id", ("id", id)), Is.EqualTo(3));
            Assert.That(Storage.Exists(location), Is.True, "files are untouched");
        });
    }

    [Test]
    public async Task Delete_CategoryWithOneAttachment_Returns409InTheSingular()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Busy");
        await UploadPdfAsync(client, "a", id);

        using var response = await client.PostAsJsonAsync(DeletePath, new { id });

        var body = await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("1 attachment;"));
    }

    [Test]
    public async Task Delete_AfterItsAttachmentsWereMovedOut_Succeeds()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Emptied");
        var a = await UploadPdfAsync(client, "a", id);
        await MoveOkAsync(client, 0, a);

        using var response = await client.PostAsJsonAsync(DeletePath, new { id });

        await OkDataAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.Zero);
            Assert.That(await CategoryOfAsync(a), Is.Zero);
        });
    }

    [Test]
    public async Task Delete_AttachmentMovedInWhileDeleting_Returns409FromTheForeignKey()
    {
        var client = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(client, "Contested");
        var attachment = await UploadPdfAsync(client, "a");

        // An uncommitted move holds a key-share lock on the category: the API counts 0 attachments,
        // then its DELETE waits for the lock and meets the committed row through the foreign key.
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand($"update attachments set category_id = {id} where id = {attachment}", connection, transaction))
            await move.ExecuteNonQueryAsync();

        var delete = client.PostAsJsonAsync(DeletePath, new { id });
        await WaitForBlockedDeleteAsync();
        await transaction.CommitAsync();
        using var response = await delete;

        var body = await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("1 attachment"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(1));
            Assert.That(await CategoryOfAsync(attachment), Is.EqualTo(id));
        });
    }

    [Test]
    public async Task Delete_UnknownId_Returns404()
    {
        var client = await LoggedInClientAsync();
        await CreateCategoryIdAsync(client, "Other");

        using var response = await client.PostAsJsonAsync(DeletePath, new { id = 99 });

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("99"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Delete_MissingId_Returns400NamingId()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync(DeletePath, new { });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("id"));
    }

    [Test]
    public async Task Delete_WithoutToken_Returns401With1001()
    {
        var admin = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(admin, "Protected");
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync(DeletePath, new { id });

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(1));
    }

    [Test]
    public async Task Delete_UserWithoutManagePermission_Returns403With1002()
    {
        var admin = await LoggedInClientAsync();
        var id = await CreateCategoryIdAsync(admin, "Protected");
        using var client = await ClientOfUserWithAsync("attachment.upload", "attachment.delete");

        using var response = await client.PostAsJsonAsync(DeletePath, new { id });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.manage"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_categories"), Is.EqualTo(1));
        });
    }

    private static async Task WaitForBlockedDeleteAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var waiting = await QueryScalarAsync<long>(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%DELETE FROM attachment_categories%'");
            if (waiting > 0)
                return;
            await Task.Delay(50);
        }

        Assert.Fail("The API's DELETE never waited on the category's lock.");
    }
}
