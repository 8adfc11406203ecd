using Npgsql;

namespace Attachments.Bench.Http;

/// <summary>
/// Rows for the list benchmark, written straight into the service's database the way decision 021 tells a DBA to
/// bulk-load: the counting trigger off, the rows in, the trigger on, one recount. 50 categories, a fifth of the rows uncategorised, a third of them non-images, every name
/// containing "photo" (so <c>q=photo</c> matches every row) and an 8-hex-digit word that is nearly unique.
/// </summary>
public static class ListSeed
{
    public const int Categories = 50;

    public static async Task AddRowsAsync(string connectionString, long from, long to)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (from == 1)
        {
            await ExecuteAsync(connection, $"""
                insert into attachment_categories (title, status, created_time, updated_time)
                select 'Category ' || g, 1, now(), now() from generate_series(1, {Categories}) g
                """);
        }

        var firstCategory = await CategoryIdAsync(connectionString, 0);
        await ExecuteAsync(connection, "alter table attachments disable trigger attachment_counts_insert_delete");
        const long batch = 500_000;
        for (var start = from; start <= to; start += batch)
        {
            var end = Math.Min(to, start + batch - 1);
            await ExecuteAsync(connection, $"""
                insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type,
                                         width, height, category_id, is_image, status, created_time, updated_time)
                select 'photo ' || left(md5(g::text), 8) || ' ' || g,
                       'photo.jpg', 'uploads/202001/01/' || lpad(to_hex(g), 16, '0') || case when g % 3 <> 0 then '.jpg' else '.pdf' end,
                       100000, md5(g::text), case when g % 3 <> 0 then 'image/jpeg' else 'application/pdf' end,
                       case when g % 3 <> 0 then 1600 else 0 end, case when g % 3 <> 0 then 1200 else 0 end,
                       case when g % 5 = 0 then null else {firstCategory} + g % {Categories} end,
                       g % 3 <> 0, 1, timestamptz '2020-01-01' + make_interval(secs => g), now()
                from generate_series({start}, {end}) g
                """);
        }

        await ExecuteAsync(connection, "alter table attachments enable trigger attachment_counts_insert_delete");
        await ExecuteAsync(connection, "select attachment_counts_rebuild()");
        await ExecuteAsync(connection, "vacuum analyze");
    }

    public static async Task<long> CategoryIdAsync(string connectionString, int ordinal)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id from attachment_categories where title like 'Category %' order by id offset {ordinal} limit 1", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The display name and category of the seeded row with that ordinal.</summary>
    public static async Task<(string Name, long? CategoryId)> RowAsync(string connectionString, long ordinal)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select file_name, category_id from attachments where file_md5 = md5('{ordinal}')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
