using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.ImageUploadV1.Commands.DeleteImage;
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

    private static readonly ListAttachmentsQuery[] Combinations =
    [
        new(),
        new(Current: 50),
        new(CategoryId: 7),
        new(Type: AttachmentTypes.Image),
        new(Type: AttachmentTypes.File),
        new(Q: "invoice 1a2"),
        new(CategoryId: 7, Type: AttachmentTypes.File),
        new(CategoryId: 7, Q: "report"),
        new(Type: AttachmentTypes.Image, Q: "holiday 9"),
        new(CategoryId: 7, Type: AttachmentTypes.Image, Q: "banner"),
    ];

    private string _connectionString = string.Empty;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        var rows = int.Parse(Environment.GetEnvironmentVariable("ATTACHMENTS_PLAN_ROWS") ?? "200000", CultureInfo.InvariantCulture);
        _connectionString = await TestEnvironment.Server.CreateDatabaseAsync(DatabaseName);
        await ExecuteAsync(await File.ReadAllTextAsync(Repository.File("db/migrations.sql")));
        await ExecuteAsync($"""
            insert into attachment_categories (title, status, created_time, updated_time)
            select 'Category ' || g, 1, now(), now() from generate_series(1, 50) g;
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type,
                                     width, height, category_id, is_image, status, created_time, updated_time)
            select (array['holiday','invoice','report','banner','product','team','logo','contract','summer','winter'])[1 + g % 10]
                       || ' ' || left(md5(g::text), 8) || ' ' || g,
                   'x', 'uploads/202601/01/' || lpad(to_hex(g), 16, '0') || '.jpg', 1000, md5(g::text), 'image/jpeg', 10, 10,
                   case when g % 5 = 0 then null else 1 + g % 50 end, g % 3 <> 0, 1,
                   timestamptz '2020-01-01' + make_interval(secs => g), now()
            from generate_series(1, {rows}) g;
            """);
        await ExecuteAsync("vacuum analyze attachments");
    }

    [OneTimeTearDown]
    public Task DropAsync() => TestEnvironment.Server.DropDatabaseAsync(DatabaseName);

    [TestCaseSource(nameof(Combinations))]
    public async Task ListPage_ForEveryFilterCombination_IsServedByAnIndex(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var sql = Inline(ListAttachmentsQueryHandler.Page(ListAttachmentsQueryHandler.Filter(db.Attachments.AsNoTracking(), query), query).ToQueryString());

        var plan = await ExplainAsync(sql);
        await TestContext.Out.WriteLineAsync($"{Describe(query)}\n{sql}\n{plan}");

        Assert.That(plan, Does.Not.Contain("Seq Scan on attachments"), plan);
        Assert.That(plan, Does.Match("Index (Only )?Scan|Bitmap Index Scan"), plan);
    }

    // Counting every row, or the two thirds that are images, is cheapest as a sequential scan, and the
    // planner rightly picks one; the selective filters must not scan.
    private static IEnumerable<ListAttachmentsQuery> SelectiveCombinations =>
        Combinations.Where(q => q.CategoryId is not null || q.Q is not null);

    [TestCaseSource(nameof(SelectiveCombinations))]
    public async Task ListTotal_ForEverySelectiveCombination_IsServedByAnIndex(ListAttachmentsQuery query)
    {
        await using var db = NewContext();
        var sql = Inline(ListAttachmentsQueryHandler.Filter(db.Attachments.AsNoTracking(), query).Select(a => a.Id).ToQueryString());
        var countSql = $"SELECT count(*) FROM ({sql}) AS matches";

        var plan = await ExplainAsync(countSql);
        await TestContext.Out.WriteLineAsync($"count, {Describe(query)}\n{plan}");

        Assert.That(plan, Does.Not.Contain("Seq Scan on attachments"), plan);
    }

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
        $"current={query.Current} category_id={query.CategoryId} type={query.Type} q={query.Q}";

    [GeneratedRegex(@"^-- (?<name>@\w+)=(?<value>'(?:[^']|'')*'|\S+)")]
    private static partial Regex ParameterLine();
}
