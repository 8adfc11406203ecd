using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.ImageUploadV1.Commands.DeleteImage;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Attachments.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attachments.IntegrationTests.Database;

/// <summary>
/// The SQL the list endpoint sends, explained on a database of many rows: every filter combination
/// must be served by an index. ATTACHMENTS_PLAN_ROWS sets the size (default 200,000; docs/list-query-plans.md
/// shows a run at 1,000,000).
/// </summary>
public sealed partial class ListQueryPlanTests
{
    private const string DatabaseName = "list_query_plans";

    /// <summary>Every seeded name ends with it.</summary>
    private const string UnselectiveName = "photo";

    private static readonly ListAttachmentsQuery[] Combinations =
    [
        new(),
        new(CategoryId: 7),
        new(Type: AttachmentTypes.Image),
        new(Type: AttachmentTypes.File),
        new(Q: "invoice 1a2"),
        new(Q: UnselectiveName),
        new(CategoryId: 7, Type: AttachmentTypes.File),
        new(CategoryId: 7, Q: "report"),
        new(Type: AttachmentTypes.Image, Q: "holiday 9"),
        new(CategoryId: 7, Type: AttachmentTypes.Image, Q: "banner"),
        new(Tag: "summer"),
        new(Tag: "rare"),
        new(CategoryId: 7, Type: AttachmentTypes.Image, Tag: "summer"),
    ];

    private string _connectionString = string.Empty;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        var rows = int.Parse(Environment.GetEnvironmentVariable("ATTACHMENTS_PLAN_ROWS") ?? "200000", CultureInfo.InvariantCulture);
        _connectionString = await TestEnvironment.Server.CreateDatabaseAsync(DatabaseName);
        await ExecuteAsync(await File.ReadAllTextAsync(Repository.File("db/migrations.sql")));
        await ExecuteAsync($"""
            -- A bulk load as docs/decisions/021-list-at-scale.md tells a DBA to make one: counted once at the end.
            alter table attachments disable trigger attachment_counts_insert_delete;
            insert into attachment_categories (title, status, created_time, updated_time)
            select 'Category ' || g, 1, now(), now() from generate_series(1, 50) g;
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type,
                                     width, height, category_id, is_image, status, created_time, updated_time, tags)
            select (array['holiday','invoice','report','banner','product','team','logo','contract','summer','winter'])[1 + g % 10]
                       || ' ' || left(md5(g::text), 8) || ' ' || g || ' photo',
                   'x', 'uploads/202601/01/' || lpad(to_hex(g), 16, '0') || '.jpg', 1000, md5(g::text), 'image/jpeg', 10, 10,
                   case when g % 5 = 0 then null else 1 + g % 50 end, g % 3 <> 0, 1,
                   timestamptz '2020-01-01' + make_interval(secs => g), now(),
                   case when g % 100 = 0 then array['summer'] when g % 40000 = 7 then array['rare'] else array[]::text[] end
            from generate_series(1, {rows}) g;
            alter table attachments enable trigger attachment_counts_insert_delete;
            select attachment_counts_rebuild();
            """);
        await ExecuteAsync("vacuum analyze attachments, attachment_counts, attachment_hour_counts");
    }

    [OneTimeTearDown]
    public Task DropAsync() => TestEnvironment.Server.DropDatabaseAsync(DatabaseName);

    [TestCaseSource(nameof(Combinations))]
    public async Task FirstPage_ForEveryFilterCombination_IsServedByAnIndex(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var sql = Inline(ListAttachmentsQueryHandler.Newest(Matches(db, query)).Take(query.PageSize + 1).ToQueryString());

        var plan = await ExplainAsync(sql);
        await TestContext.Out.WriteLineAsync($"first page, {Describe(query)}\n{sql}\n{plan}");

        Assert.That(plan, Does.Not.Contain("Seq Scan on attachments"), plan);
        Assert.That(plan, Does.Match("Index (Only )?Scan|Bitmap Index Scan"), plan);
    }

    [TestCaseSource(nameof(Combinations))]
    public async Task PageAfterCursor_ForEveryFilterCombination_SeeksByCreatedTime(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var cursor = new ListCursor(new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero), 86_400);
        var sql = Inline(ListAttachmentsQueryHandler.Newest(ListAttachmentsQueryHandler.After(Matches(db, query), cursor)).Take(query.PageSize + 1).ToQueryString());

        var plan = await ExplainAsync(sql);
        await TestContext.Out.WriteLineAsync($"page after a cursor, {Describe(query)}\n{sql}\n{plan}");

        Assert.That(plan, Does.Not.Contain("Seq Scan on attachments"), plan);
        if (query.Q is null && query.Tag is null)
            Assert.That(plan, Does.Match(@"Index Scan using ix_attachments_\w+ on attachments a[^\n]*\n\s+Index Cond: \([^\n]*created_time <="), plan);
    }

    // A deep page (current=N): the hour it starts in comes from attachment_hour_counts, then an index scan (index-only
    // where the planner finds it cheaper) skips at most that hour's rows to the start key, and the page is read from that key on.
    [TestCaseSource(nameof(UnnamedCombinations))]
    public async Task DeepPage_ForEveryCombinationWithoutName_FindsItsStartByIndexOnly(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var hoursSql = Inline(ListAttachmentsQueryHandler.HourCounts(db.AttachmentHourCounts.AsNoTracking(), query).ToQueryString());
        var startSql = Inline(ListAttachmentsQueryHandler.StartKeys(Matches(db, query), new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero)).Skip(100).Take(1).ToQueryString());
        var pageSql = Inline(ListAttachmentsQueryHandler.Newest(ListAttachmentsQueryHandler.From(Matches(db, query),
            new ListCursor(new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero), 86_400))).Take(query.PageSize + 1).ToQueryString());

        var hoursPlan = await ExplainAsync(hoursSql);
        var startPlan = await ExplainAsync(startSql);
        var pagePlan = await ExplainAsync(pageSql);
        await TestContext.Out.WriteLineAsync($"deep page, {Describe(query)}\n{hoursSql}\n{hoursPlan}\n{startSql}\n{startPlan}\n{pageSql}\n{pagePlan}");

        Assert.Multiple(() =>
        {
            Assert.That(hoursPlan, Does.Contain("attachment_hour_counts").And.Not.Contain(" on attachments "), hoursPlan);
            Assert.That(startPlan, Does.Not.Contain("Seq Scan"), startPlan);
            Assert.That(startPlan, Does.Match(@"Index Cond: \([^\n]*created_time >="), startPlan);
            Assert.That(pagePlan, Does.Contain("Index Scan").And.Not.Contain("Seq Scan"), pagePlan);
        });
    }

    [TestCaseSource(nameof(UnnamedCombinations))]
    public async Task Total_WithoutName_ComesFromTheCountsTable(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var sql = Inline(ListAttachmentsQueryHandler.Totals(db.AttachmentCounts.AsNoTracking(), query).Select(c => c.Count).ToQueryString());

        var plan = await ExplainAsync($"SELECT sum(count) FROM ({sql}) AS counts");
        await TestContext.Out.WriteLineAsync($"total, {Describe(query)}\n{plan}");

        Assert.That(plan, Does.Contain("attachment_counts").And.Not.Contain(" on attachments "), plan);
    }

    // With a name, the total is counted up to ExactTotalCap + 1 rows and no further.
    [TestCaseSource(nameof(NamedCombinations))]
    public async Task Total_WithName_StopsAtTheCap(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var sql = Inline(Matches(db, query).Select(a => a.Id).Take(ListAttachmentsQueryHandler.ExactTotalCap + 1).ToQueryString());
        var countSql = $"SELECT count(*) FROM ({sql}) AS matches";

        var plan = await ExplainAsync(countSql);
        await TestContext.Out.WriteLineAsync($"capped count, {Describe(query)}\n{plan}");

        Assert.That(plan, Does.Contain("Limit"), plan);
        if (query.Q != UnselectiveName)
            Assert.That(plan, Does.Not.Contain("Seq Scan on attachments"), plan);
    }

    private static IEnumerable<ListAttachmentsQuery> UnnamedCombinations => Combinations.Where(q => q.Q is null && q.Tag is null);

    private static IEnumerable<ListAttachmentsQuery> NamedCombinations => Combinations.Where(q => q.Q is not null || q.Tag is not null);

    private static IQueryable<Attachment> Matches(AttachmentsDbContext db, ListAttachmentsQuery query) =>
        ListAttachmentsQueryHandler.Filter(db.Attachments.AsNoTracking(), query);

    [Test]
    public async Task DeleteImageLookup_ByStoredName_IsServedByTheTrigramIndex()
    {
        await using var db = NewContext();
        var sql = Inline(DeleteImageCommandHandler.StoredAs(db.Attachments.AsNoTracking(), "00000000000186a0.jpg").Take(2).ToQueryString());

        var plan = await ExplainAsync(sql);
        await TestContext.Out.WriteLineAsync($"DeleteImage lookup\n{sql}\n{plan}");

        Assert.That(plan, Does.Contain("ix_attachments_file_location_trgm"), plan);
    }

    private AttachmentsDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AttachmentsDbContext>();
        Infrastructure.DependencyInjection.ConfigureDbContext(options, _connectionString);
        return new AttachmentsDbContext(options.Options);
    }

    private async Task<string> ExplainAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new StringBuilder();
        while (await reader.ReadAsync())
            plan.AppendLine(reader.GetString(0));

        return plan.ToString();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>ToQueryString() lists parameters as "-- @name='value'" lines; put the values into the SQL.</summary>
    private static string Inline(string queryString)
    {
        var parameters = new Dictionary<string, string>();
        var sql = new StringBuilder();
        foreach (var line in queryString.Split('\n'))
        {
            var match = ParameterLine().Match(line);
            if (match.Success)
                parameters[match.Groups["name"].Value] = match.Groups["value"].Value;
            else
                sql.AppendLine(line);
        }

        var text = sql.ToString();
        foreach (var (name, value) in parameters.OrderByDescending(p => p.Key.Length))
            text = text.Replace(name, value, StringComparison.Ordinal);

        return text;
    }

    private static string Describe(ListAttachmentsQuery query) =>
        $"current={query.Current} category_id={query.CategoryId} type={query.Type} q={query.Q} tag={query.Tag}";

    [GeneratedRegex(@"^-- (?<name>@\w+)=(?<value>'(?:[^']|'')*'|\S+)")]
    private static partial Regex ParameterLine();
}
