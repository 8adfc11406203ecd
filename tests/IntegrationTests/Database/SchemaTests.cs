using System.Text.RegularExpressions;
using Attachments.Infrastructure.Data;
using Attachments.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Attachments.IntegrationTests.Database;

public sealed partial class SchemaTests : IntegrationTestBase
{
    private const string ScriptDatabase = "schema_script_check";
    private const string ScriptPath = "db/migrations.sql";
    private const string RegenerateScriptCommand =
        "dotnet ef migrations script --idempotent --project src/Infrastructure --startup-project src/Infrastructure -o db/migrations.sql";

    private static readonly string[] AppTables = ["attachments", "attachment_categories", "users"];

    [Test]
    public async Task Tables_Exist()
    {
        var tables = await QueryListAsync(
            TestEnvironment.ConnectionString,
            "select table_name from information_schema.tables where table_schema = current_schema()",
            r => r.GetString(0));

        Assert.That(tables, Is.SupersetOf(AppTables));
    }

    [TestCase("attachments",
        "id", "file_name", "file_location", "file_size", "file_md5", "width", "height", "category_id",
        "is_image", "status", "user_id", "created_time", "updated_time",
        TestName = "Attachments_HasApiColumns")]
    [TestCase("attachment_categories",
        "id", "title", "status", "created_time", "updated_time",
        TestName = "AttachmentCategories_HasApiColumns")]
    [TestCase("users",
        "id", "user_name", "password_hash", "permissions", "created_time", "updated_time",
        TestName = "Users_HasApiColumns")]
    public async Task Table_HasApiColumns(string table, params string[] expected)
    {
        var columns = await ColumnNamesAsync(table);

        Assert.That(columns, Is.SupersetOf(expected), $"columns of {table}");
    }

    [Test]
    public async Task Columns_AreSnakeCase()
    {
        var notSnakeCase = (await AppColumnsAsync(TestEnvironment.ConnectionString))
            .Where(c => !SnakeCase().IsMatch(c.Column))
            .Select(c => $"{c.Table}.{c.Column}")
            .ToList();

        Assert.That(notSnakeCase, Is.Empty);
    }

    [Test]
    public async Task Times_AreTimestamptz()
    {
        var times = (await AppColumnsAsync(TestEnvironment.ConnectionString))
            .Where(c => c.Column is "created_time" or "updated_time")
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(times, Has.Count.EqualTo(AppTables.Length * 2), "created_time and updated_time in every table");
            foreach (var time in times)
                Assert.That(time.DataType, Is.EqualTo("timestamp with time zone"), $"{time.Table}.{time.Column}");
        });
    }

    [Test]
    public async Task Tables_HaveComments()
    {
        var uncommented = await QueryListAsync(
            TestEnvironment.ConnectionString,
            """
            select c.relname
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> '__ef_migrations_history'
              and coalesce(obj_description(c.oid, 'pg_class'), '') = ''
            order by c.relname
            """,
            r => r.GetString(0));

        Assert.That(uncommented, Is.Empty, "tables without a comment");
    }

    [Test]
    public async Task Columns_HaveComments()
    {
        var uncommented = await QueryListAsync(
            TestEnvironment.ConnectionString,
            """
            select c.relname || '.' || a.attname
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> '__ef_migrations_history'
              and coalesce(col_description(c.oid, a.attnum), '') = ''
            order by 1
            """,
            r => r.GetString(0));

        Assert.That(uncommented, Is.Empty, "columns without a comment");
    }

    [TestCase("attachments", "file_md5", TestName = "Attachments_FileMd5_HasUniqueIndex")]
    [TestCase("attachments", "file_location", TestName = "Attachments_FileLocation_HasUniqueIndex")]
    [TestCase("users", "user_name", TestName = "Users_UserName_HasUniqueIndex")]
    public async Task Column_HasUniqueIndex(string table, string column)
    {
        var indexes = await IndexesAsync(table);

        Assert.That(
            indexes.Any(i => i is { IsUnique: true, IsPartial: false } && i.Columns.SequenceEqual([column])),
            Is.True,
            $"no unique index on {table} ({column}); indexes: {Describe(indexes)}");
    }

    [Test]
    public async Task Attachments_HaveIndexLeadingWithCategoryIdAndCreatedTime()
    {
        var indexes = await IndexesAsync("attachments");

        Assert.That(
            indexes.Any(i => i.Columns.Take(2).SequenceEqual(["category_id", "created_time"])),
            Is.True,
            $"the list filtered by category needs an index on (category_id, created_time, ...); indexes: {Describe(indexes)}");
    }

    [Test]
    public async Task Attachments_HaveIndexLeadingWithCreatedTime()
    {
        var indexes = await IndexesAsync("attachments");

        Assert.That(
            indexes.Any(i => i.Columns.FirstOrDefault() == "created_time"),
            Is.True,
            $"the newest-first list needs an index on (created_time, ...); indexes: {Describe(indexes)}");
    }

    [Test]
    public async Task Attachments_CategoryId_ReferencesAttachmentCategories()
    {
        var foreignKeys = await QueryScalarAsync<long>(
            """
            select count(*)
            from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
            join pg_attribute r on r.attrelid = c.confrelid and r.attnum = c.confkey[1]
            where c.contype = 'f'
              and c.conrelid = 'attachments'::regclass
              and c.confrelid = 'attachment_categories'::regclass
              and cardinality(c.conkey) = 1
              and a.attname = 'category_id'
              and r.attname = 'id'
            """);

        Assert.That(foreignKeys, Is.EqualTo(1), "foreign key attachments.category_id -> attachment_categories.id");
    }

    [Test]
    public async Task Attachments_Md5_IsUnique()
    {
        await ExecuteAsync(InsertAttachment(md5: "0123456789abcdef0123456789abcdef", location: "uploads/202611/22/first.jpg"));

        var error = Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(InsertAttachment(md5: "0123456789abcdef0123456789abcdef", location: "uploads/202611/22/second.jpg")));

        Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation), error.Message);
    }

    [Test]
    public async Task Attachments_FileLocation_IsUnique()
    {
        await ExecuteAsync(InsertAttachment(md5: "0123456789abcdef0123456789abcdef", location: "uploads/202611/22/same.jpg"));

        var error = Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(InsertAttachment(md5: "fedcba9876543210fedcba9876543210", location: "uploads/202611/22/same.jpg")));

        Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation), error.Message);
    }

    [Test]
    public async Task AttachmentCategories_DeleteWhileReferenced_FailsWithForeignKeyViolation()
    {
        var categoryId = await QueryScalarAsync<long>(
            "insert into attachment_categories (title, status, created_time, updated_time) values ('Banners', 1, now(), now()) returning id");
        await ExecuteAsync(InsertAttachment(
            md5: "0123456789abcdef0123456789abcdef", location: "uploads/202611/22/banner.jpg", categoryId: categoryId));

        var error = Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync($"delete from attachment_categories where id = {categoryId}"));

        Assert.That(error!.SqlState, Is.EqualTo(PostgresErrorCodes.ForeignKeyViolation), error.Message);
    }

    [Test]
    public async Task Model_HasNoPendingChanges()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttachmentsDbContext>();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "the EF Core model differs from the last migration; add one with: dotnet ef migrations add <Name> "
            + "--project src/Infrastructure --startup-project src/Infrastructure --output-dir Data/Migrations");
    }

    [Test]
    public async Task MigrationsScript_MatchesMigrations()
    {
        var checkedIn = await File.ReadAllTextAsync(Repository.File(ScriptPath));

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttachmentsDbContext>();
        var generated = db.GetService<IMigrator>().GenerateScript(
            fromMigration: null, toMigration: null, options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.That(NormaliseScript(checkedIn), Is.EqualTo(NormaliseScript(generated)),
            $"{ScriptPath} is out of date with the migrations; regenerate it from the repository root with: {RegenerateScriptCommand}");
    }

    [Test]
    public async Task MigrationsScript_AppliedTwiceToEmptyDatabase_MatchesMigratedSchema()
    {
        var script = await File.ReadAllTextAsync(Repository.File(ScriptPath));
        var connectionString = await TestEnvironment.Server.CreateDatabaseAsync(ScriptDatabase);
        try
        {
            await ExecuteOnAsync(connectionString, script);
            Assert.DoesNotThrowAsync(() => ExecuteOnAsync(connectionString, script), $"{ScriptPath} is not idempotent");

            var expectedColumns = await AppColumnsAsync(TestEnvironment.ConnectionString);
            var actualColumns = await AppColumnsAsync(connectionString);
            var expectedIndexes = await AppIndexDefinitionsAsync(TestEnvironment.ConnectionString);
            var actualIndexes = await AppIndexDefinitionsAsync(connectionString);
            var history = await QueryListAsync(
                connectionString, "select migration_id from __ef_migrations_history", r => r.GetString(0));
            var migrated = await QueryListAsync(
                TestEnvironment.ConnectionString, "select migration_id from __ef_migrations_history", r => r.GetString(0));

            Assert.Multiple(() =>
            {
                Assert.That(actualColumns, Is.EqualTo(expectedColumns), "columns made by the script differ from the migrated database");
                Assert.That(actualIndexes, Is.EqualTo(expectedIndexes), "indexes made by the script differ from the migrated database");
                Assert.That(history, Is.EquivalentTo(migrated), "migrations recorded by the script");
            });
        }
        finally
        {
            await TestEnvironment.Server.DropDatabaseAsync(ScriptDatabase);
        }
    }

    private static string InsertAttachment(string md5, string location, long? categoryId = null) =>
        $"""
        insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type,
                                 width, height, category_id, is_image, status, user_id, created_time, updated_time)
        values ('photo', 'photo.jpg', '{location}', 3, '{md5}', 'image/jpeg',
                1, 1, {categoryId?.ToString() ?? "null"}, true, 1, null, now(), now())
        """;

    private static string NormaliseScript(string script) =>
        script.Replace("\r\n", "\n").TrimStart('\uFEFF').Trim();

    private static async Task<List<string>> ColumnNamesAsync(string table) =>
        (await AppColumnsAsync(TestEnvironment.ConnectionString))
            .Where(c => c.Table == table)
            .Select(c => c.Column)
            .ToList();

    private static Task<List<ColumnInfo>> AppColumnsAsync(string connectionString) =>
        QueryListAsync(
            connectionString,
            """
            select table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0), is_identity
            from information_schema.columns
            where table_schema = current_schema() and table_name = any(@tables)
            order by table_name, ordinal_position
            """,
            r => new ColumnInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3) == "YES", r.GetInt32(4), r.GetString(5) == "YES"),
            ("tables", AppTables));

    private static Task<List<string>> AppIndexDefinitionsAsync(string connectionString) =>
        QueryListAsync(
            connectionString,
            "select indexdef from pg_indexes where schemaname = current_schema() and tablename = any(@tables) order by indexname",
            r => r.GetString(0),
            ("tables", AppTables));

    private static Task<List<IndexInfo>> IndexesAsync(string table) =>
        QueryListAsync(
            TestEnvironment.ConnectionString,
            """
            select i.relname, ix.indisunique, ix.indpred is not null,
                   array(select a.attname::text
                         from unnest(ix.indkey::int2[]) with ordinality as k(attnum, position)
                         join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum
                         order by k.position)
            from pg_index ix
            join pg_class i on i.oid = ix.indexrelid
            join pg_class t on t.oid = ix.indrelid
            join pg_namespace n on n.oid = t.relnamespace
            where n.nspname = current_schema() and t.relname = @table
            order by i.relname
            """,
            r => new IndexInfo(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2), r.GetFieldValue<string[]>(3)),
            ("table", table));

    private static string Describe(IEnumerable<IndexInfo> indexes) =>
        string.Join("; ", indexes.Select(i => $"{i.Name} ({string.Join(", ", i.Columns)}){(i.IsUnique ? " unique" : "")}"));

    private static async Task<List<T>> QueryListAsync<T>(
        string connectionString, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(read(reader));
        return rows;
    }

    private static async Task ExecuteOnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    private sealed record ColumnInfo(string Table, string Column, string DataType, bool IsNullable, int MaxLength, bool IsIdentity);

    private sealed record IndexInfo(string Name, bool IsUnique, bool IsPartial, string[] Columns);
}
