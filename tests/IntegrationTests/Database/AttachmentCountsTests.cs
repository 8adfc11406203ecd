using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Database;

/// <summary>
/// attachment_counts and attachment_hour_counts are what a DBA would count by hand, whatever wrote the rows: the API
/// (uploads, moves, deletes) or plain SQL (inserts, updates of category, type and time, deletes, a rolled-back
/// transaction, TRUNCATE).
/// </summary>
public sealed class AttachmentCountsTests : IntegrationTestBase
{
    [Test]
    public async Task Counts_AfterUploadsMovesAndDeletesThroughTheApi_EqualCountingTheRows()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("insert into attachment_categories (title, status, created_time, updated_time) values ('A', 1, now(), now()), ('B', 1, now(), now())");
        var pdf = await UploadOkAsync(client, TestFiles.Pdf("1"), "one.pdf", ("category_id", "1"));
        var other = await UploadOkAsync(client, TestFiles.Pdf("2"), "two.pdf");
        var image = await UploadOkAsync(client, await File.ReadAllBytesAsync(UnitTests.Fixtures.Image("camera/Canon_40D.jpg")), "photo.jpg", ("category_id", "1"));
        await UploadOkAsync(client, TestFiles.Pdf("3"), "three.pdf", ("category_id", "2"));
        await AssertCountsMatchRowsAsync("after uploads");

        await PostOkAsync(client, "/api/attachment/category", new { category_id = 2, ids = new[] { Id(pdf), Id(image) } });
        await PostOkAsync(client, "/api/attachment/category", new { category_id = 0, ids = new[] { Id(image) } });
        await UploadOkAsync(client, TestFiles.Pdf("2"), "two again.pdf", ("category_id", "1"));
        await AssertCountsMatchRowsAsync("after moves, one by uploading the same bytes again");

        await PostOkAsync(client, "/api/attachment/delete", new { ids = new[] { Id(pdf), Id(other) } });
        await AssertCountsMatchRowsAsync("after deletes");

        Assert.That(await CountAsync(categoryId: 2, isImage: false), Is.EqualTo(1));
    }

    [Test]
    public async Task Counts_AfterPlainSql_EqualCountingTheRows()
    {
        await ExecuteAsync("insert into attachment_categories (title, status, created_time, updated_time) select 'C' || g, 1, now(), now() from generate_series(1, 3) g");
        await ExecuteAsync("""
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, category_id, is_image, status, created_time, updated_time)
            select 'row' || g, 'row.pdf', 'uploads/202601/01/' || lpad(g::text, 16, '0') || '.pdf', 1, lpad(g::text, 32, '0'), 'application/pdf', 0, 0,
                   case when g % 4 = 0 then null else 1 + g % 3 end, g % 2 = 0, 1,
                   timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => g * 7), now()
            from generate_series(1, 200) g
            """);
        await AssertCountsMatchRowsAsync("after inserts");

        await ExecuteAsync("""
            begin;
            update attachments set category_id = 3 where id % 5 = 0;
            update attachments set category_id = null where id % 7 = 0;
            update attachments set is_image = not is_image where id % 3 = 0;
            update attachments set created_time = created_time + interval '5 hours' where id % 11 = 0;
            update attachments set file_name = file_name || ' renamed' where id % 2 = 0;
            delete from attachments where id % 13 = 0;
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, category_id, is_image, status, created_time, updated_time)
            values ('late', 'late.pdf', 'uploads/202601/01/late000000000000.pdf', 1, 'f0000000000000000000000000000000', 'application/pdf', 0, 0, 2, false, 1, now(), now());
            update attachments set category_id = 1 where file_name = 'late';
            commit;
            """);
        await AssertCountsMatchRowsAsync("after updates, deletes and an insert moved in its own transaction");

        await ExecuteAsync("begin; delete from attachments where category_id = 1; update attachments set category_id = 1; rollback;");
        await AssertCountsMatchRowsAsync("after a rolled-back transaction");

        await ExecuteAsync("truncate attachments cascade");
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachment_counts") + await QueryScalarAsync<long>("select count(*) from attachment_hour_counts"),
            Is.Zero, "after TRUNCATE");
    }

    [Test]
    public async Task Counts_WhileAnotherTransactionHoldsItsInsert_AreNotLockedBeforeItCommits()
    {
        await using var holder = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(InsertPdfSql("held", "1"), holder, transaction))
            await insert.ExecuteNonQueryAsync();

        // Same category and kind: an immediate trigger would wait here for the held transaction's row lock.
        await using var other = new NpgsqlConnection(TestEnvironment.ConnectionString + ";Command Timeout=5");
        await other.OpenAsync();
        await using (var insert = new NpgsqlCommand("set lock_timeout = '2s'; " + InsertPdfSql("other", "2"), other))
            await insert.ExecuteNonQueryAsync();

        await transaction.CommitAsync();
        await AssertCountsMatchRowsAsync("after both commits");
        Assert.That(await CountAsync(categoryId: 0, isImage: false), Is.EqualTo(2));
    }

    private static string InsertPdfSql(string name, string digit) => $"""
        insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, is_image, status, created_time, updated_time)
        values ('{name}', '{name}.pdf', 'uploads/202601/01/{new string(digit[0], 16)}.pdf', 1, '{new string(digit[0], 32)}', 'application/pdf', 0, 0, false, 1, now(), now())
        """;

    private static async Task AssertCountsMatchRowsAsync(string when)
    {
        var totals = await QueryScalarAsync<long>("""
            select count(*) from (
                (select coalesce(category_id, 0), is_image, count(*) from attachments group by 1, 2
                 except select category_id, is_image, count from attachment_counts)
                union all
                (select category_id, is_image, count from attachment_counts where count > 0
                 except select coalesce(category_id, 0), is_image, count(*) from attachments group by 1, 2)) as differences
            """);
        var hours = await QueryScalarAsync<long>("""
            select count(*) from (
                (select coalesce(category_id, 0), is_image, date_trunc('hour', created_time, 'UTC'), count(*) from attachments group by 1, 2, 3
                 except select category_id, is_image, hour, count from attachment_hour_counts where category_id >= 0)
                union all
                (select category_id, is_image, hour, count from attachment_hour_counts where category_id >= 0 and count > 0
                 except select coalesce(category_id, 0), is_image, date_trunc('hour', created_time, 'UTC'), count(*) from attachments group by 1, 2, 3)
                union all
                (select -1, is_image, date_trunc('hour', created_time, 'UTC'), count(*) from attachments group by 2, 3
                 except select category_id, is_image, hour, count from attachment_hour_counts where category_id = -1)
                union all
                (select category_id, is_image, hour, count from attachment_hour_counts where category_id = -1 and count > 0
                 except select -1, is_image, date_trunc('hour', created_time, 'UTC'), count(*) from attachments group by 2, 3)) as differences
            """);

        Assert.Multiple(() =>
        {
            Assert.That(totals, Is.Zero, $"attachment_counts rows that differ from counting attachments, {when}");
            Assert.That(hours, Is.Zero, $"attachment_hour_counts rows that differ from counting attachments, {when}");
        });
    }

    private static Task<long> CountAsync(long categoryId, bool isImage) =>
        QueryScalarAsync<long>("select count from attachment_counts where category_id = @c and is_image = @i", ("c", categoryId), ("i", isImage));

    private static long Id(System.Text.Json.JsonElement attachment) => attachment.GetProperty("id").GetInt64();

    private static async Task PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }
}
