using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Attachments;

public sealed class ListAttachmentsTests : IntegrationTestBase
{
    [Test]
    public async Task List_ReturnsNewestFirstWithTotalAndLimit()
    {
        var client = await LoggedInClientAsync();
        foreach (var name in new[] { "first", "second", "third" })
            await UploadOkAsync(client, TestFiles.Pdf(name), name + ".pdf");

        var body = await GetListAsync(client, "");

        Assert.Multiple(() =>
        {
            Assert.That(Names(body), Is.EqualTo(new[] { "third", "second", "first" }));
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(3));
            Assert.That(body.GetProperty("limit").GetInt32(), Is.EqualTo(20));
            Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task List_SecondPage_HoldsTheRestAndTheSameTotal()
    {
        var client = await LoggedInClientAsync();
        foreach (var name in new[] { "a", "b", "c" })
            await UploadOkAsync(client, TestFiles.Pdf(name), name + ".pdf");

        var body = await GetListAsync(client, "?current=2&pageSize=2");

        Assert.That(Names(body), Is.EqualTo(new[] { "a" }));
        Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(3));
        Assert.That(body.GetProperty("limit").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task List_RowsUploadedInTheSameInstant_AreOrderedByIdDescending()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("""
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, is_image, status, created_time, updated_time)
            select 'same' || g, 'same.pdf', 'uploads/202601/01/' || lpad(g::text, 16, '0') || '.pdf', 1, lpad(g::text, 32, '0'), 'application/pdf', 0, 0, false, 1,
                   timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00'
            from generate_series(1, 5) g
            """);

        var body = await GetListAsync(client, "?pageSize=3");

        Assert.That(Names(body), Is.EqualTo(new[] { "same5", "same4", "same3" }));
        Assert.That(Names(await GetListAsync(client, "?pageSize=3&current=2")), Is.EqualTo(new[] { "same2", "same1" }));
    }

    [Test]
    public async Task List_FiltersByCategoryTypeAndNameTogether()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("insert into attachment_categories (title, status, created_time, updated_time) values ('Docs', 1, now(), now())");
        await UploadOkAsync(client, TestFiles.Pdf("1"), "Quarterly Report.pdf", ("category_id", "1"));
        await UploadOkAsync(client, TestFiles.Pdf("2"), "Annual report.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("3"), "Minutes.pdf", ("category_id", "1"));
        await UploadOkAsync(client, await File.ReadAllBytesAsync(UnitTests.Fixtures.Image("camera/Canon_40D.jpg")), "report photo.jpg", ("category_id", "1"));

        Assert.Multiple(async () =>
        {
            Assert.That(Names(await GetListAsync(client, "?category_id=1")), Is.EqualTo(new[] { "report photo", "Minutes", "Quarterly Report" }));
            Assert.That(Names(await GetListAsync(client, "?category_id=0")), Has.Length.EqualTo(4), "0 means every category");
            Assert.That(Names(await GetListAsync(client, "?q=REPORT")), Is.EqualTo(new[] { "report photo", "Annual report", "Quarterly Report" }));
            Assert.That(Names(await GetListAsync(client, "?type=image")), Is.EqualTo(new[] { "report photo" }));
            Assert.That(Names(await GetListAsync(client, "?type=file&q=report")), Is.EqualTo(new[] { "Annual report", "Quarterly Report" }));
            Assert.That(Names(await GetListAsync(client, "?category_id=1&type=file&q=rep")), Is.EqualTo(new[] { "Quarterly Report" }));
            Assert.That((await GetListAsync(client, "?category_id=1&type=file&q=rep")).GetProperty("total").GetInt64(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task List_NameSearchTreatsPercentAndUnderscoreLiterally()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf("1"), "100% done.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("2"), "100 done.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("3"), "a_b.pdf");
        await UploadOkAsync(client, TestFiles.Pdf("4"), "axb.pdf");

        Assert.That(Names(await GetListAsync(client, "?q=" + Uri.EscapeDataString("0%"))), Is.EqualTo(new[] { "100% done" }));
        Assert.That(Names(await GetListAsync(client, "?q=a_b")), Is.EqualTo(new[] { "a_b" }));
    }

    [TestCase("")]
    [TestCase("&category_id=2")]
    [TestCase("&type=image")]
    [TestCase("&category_id=1&type=file")]
    public async Task List_EveryPageByCurrentAndByCursor_IsThePageOffsetWouldGive(string filter)
    {
        var client = await LoggedInClientAsync();
        await SeedRowsOverSeveralHoursAsync();
        var where = filter switch
        {
            "&category_id=2" => "where category_id = 2",
            "&type=image" => "where is_image",
            "&category_id=1&type=file" => "where category_id = 1 and not is_image",
            _ => "",
        };
        var expected = await QueryIdsAsync($"select id from attachments {where} order by created_time desc, id desc");
        const int pageSize = 7;
        var pages = (expected.Count + pageSize - 1) / pageSize;

        for (var current = 1; current <= pages + 1; current++)
        {
            var body = await GetListAsync(client, $"?pageSize={pageSize}&current={current}{filter}");
            Assert.That(Ids(body), Is.EqualTo(expected.Skip((current - 1) * pageSize).Take(pageSize)), $"current={current}");
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(expected.Count));
            Assert.That(body.GetProperty("total_estimated").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("cursor").ValueKind, current < pages ? Is.EqualTo(JsonValueKind.String) : Is.EqualTo(JsonValueKind.Null), $"current={current}");
        }

        var first = await GetListAsync(client, $"?pageSize={pageSize}{filter}");
        var byCursor = Ids(first).ToList();
        for (var cursor = first.GetProperty("cursor").GetString(); cursor is not null;)
        {
            var next = await GetListAsync(client, $"?pageSize={pageSize}&current=3{filter}&cursor={cursor}");
            byCursor.AddRange(Ids(next));
            cursor = next.GetProperty("cursor").GetString();
        }

        Assert.That(byCursor, Is.EqualTo(expected), "following the cursors from the first page, current ignored");
    }

    [Test]
    public async Task List_NameMatchingMoreThanTheCap_AnswersTheCapAsAnEstimatedTotal()
    {
        var client = await LoggedInClientAsync();
        await ExecuteAsync("""
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, is_image, status, created_time, updated_time)
            select 'photo ' || g, 'photo.pdf', 'uploads/202601/01/' || lpad(g::text, 16, '0') || '.pdf', 1, lpad(g::text, 32, '0'), 'application/pdf', 0, 0, false, 1,
                   timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => g), now()
            from generate_series(1, 10001) g
            """);

        var many = await GetListAsync(client, "?q=photo&pageSize=5");
        var few = await GetListAsync(client, "?q=photo 1000");
        var all = await GetListAsync(client, "");

        Assert.Multiple(() =>
        {
            Assert.That(many.GetProperty("total").GetInt64(), Is.EqualTo(10_000));
            Assert.That(many.GetProperty("total_estimated").GetBoolean(), Is.True);
            Assert.That(Names(many), Is.EqualTo(new[] { "photo 10001", "photo 10000", "photo 9999", "photo 9998", "photo 9997" }));
            Assert.That(many.GetProperty("cursor").GetString(), Is.Not.Null);
            Assert.That(few.GetProperty("total").GetInt64(), Is.EqualTo(3), "photo 1000, photo 10000 and photo 10001");
            Assert.That(few.GetProperty("total_estimated").GetBoolean(), Is.False);
            Assert.That(all.GetProperty("total").GetInt64(), Is.EqualTo(10_001), "without a name the total is exact");
            Assert.That(all.GetProperty("total_estimated").GetBoolean(), Is.False);
        });
    }

    [TestCase("not a cursor")]
    [TestCase("AAAA")]
    [TestCase("AQAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task List_WithACursorItNeverAnswered_Returns400SayingWhatToDo(string cursor)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/attachment/list?cursor=" + Uri.EscapeDataString(cursor));
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain("cursor").And.Contain("leave it out"));
    }

    [Test]
    public async Task List_PastTheLastPage_IsEmptyWithTheTotalAndNoCursor()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf("1"), "only.pdf");

        var body = await GetListAsync(client, "?current=1000000");

        Assert.That(Names(body), Is.Empty);
        Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(1));
        Assert.That(body.GetProperty("cursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("?pageSize=101", "pageSize")]
    [TestCase("?pageSize=0", "pageSize")]
    [TestCase("?current=0", "current")]
    [TestCase("?type=video", "type")]
    [TestCase("?category_id=-1", "category_id")]
    [TestCase("?pageSize=abc", "pageSize")]
    public async Task List_WithBadParameters_Returns400NamingTheParameter(string query, string parameter)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/attachment/list" + query);
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain(parameter));
    }

    [Test]
    public async Task List_WithoutToken_Returns401()
    {
        using var response = await Client.GetAsync("/api/attachment/list");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(1001));
    }

    [Test]
    public async Task Detail_ReturnsTheAttachment()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "terms.pdf");

        using var response = await client.GetAsync("/api/attachment/detail?id=1");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(body.GetProperty("data").ToString(), Is.EqualTo(uploaded.ToString()));
    }

    [TestCase("?id=99", 404)]
    [TestCase("?id=0", 400)]
    [TestCase("", 400)]
    [TestCase("?id=x", 400)]
    public async Task Detail_WithUnknownOrMissingId_ReturnsTheRightStatus(string query, int status)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/attachment/detail" + query);
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
    }

    private static async Task<JsonElement> GetListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/attachment/list" + query);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body;
    }

    /// <summary>Rows over ten hours, several in one instant, in three categories and none, images and files.</summary>
    private static Task SeedRowsOverSeveralHoursAsync() => ExecuteAsync("""
        insert into attachment_categories (title, status, created_time, updated_time) values ('A', 1, now(), now()), ('B', 1, now(), now()), ('C', 1, now(), now());
        insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height, category_id, is_image, status, created_time, updated_time)
        select 'row' || g, 'row.pdf', 'uploads/202601/01/' || lpad(g::text, 16, '0') || '.pdf', 1, lpad(g::text, 32, '0'), 'application/pdf', 0, 0,
               case when g % 4 = 0 then null else 1 + g % 3 end, g % 3 <> 0, 1,
               timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => (g / 3) * 11), now()
        from generate_series(1, 160) g
        """);

    private static async Task<List<long>> QueryIdsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static long[] Ids(JsonElement body) =>
        [.. body.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetInt64())];

    private static string[] Names(JsonElement body) =>
        [.. body.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("file_name").GetString()!)];
}
