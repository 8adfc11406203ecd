using System.Security.Cryptography;
using Npgsql;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// What a DBA would check after a fault: every row's file (and an image's thumbnail) is on disk, a non-image's bytes
/// still have the row's md5, every file under uploads/ belongs to a row, no file operation is still pending, and
/// nothing is left staged in <c>.tmp/</c>.
/// </summary>
internal static class StorageConsistency
{
    /// <summary>Each inconsistency found, in words; empty when storage and database agree.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string connectionString, string storageRoot)
    {
        var problems = new List<string>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await RowsAsync(connectionString))
        {
            referenced.Add(row.Location);
            var path = PathOf(storageRoot, row.Location);
            if (!File.Exists(path))
            {
                problems.Add($"attachment {row.Id}: {row.Location} is not on disk");
            }
            else if (!row.IsImage && Md5Of(path) is var md5 && md5 != row.Md5)
            {
                problems.Add($"attachment {row.Id}: {row.Location} has md5 {md5}, the row says {row.Md5}");
            }

            if (row.IsImage)
            {
                var thumb = ThumbOf(row.Location);
                referenced.Add(thumb);
                if (!File.Exists(PathOf(storageRoot, thumb)))
                    problems.Add($"attachment {row.Id}: its thumbnail {thumb} is not on disk");
            }
        }

        problems.AddRange(FilesUnder(storageRoot, "uploads")
            .Where(f => !referenced.Contains(f))
            .Select(f => $"{f} belongs to no row"));
        problems.AddRange((await PendingOperationsAsync(connectionString)).Select(o => $"file operation {o} is still pending"));
        problems.AddRange(StagedFiles(storageRoot).Select(f => $"{f} is still staged"));
        return problems;
    }

    public static async Task AssertHoldsAsync(string connectionString, string storageRoot)
    {
        var problems = await ProblemsAsync(connectionString, storageRoot);
        Assert.That(problems, Is.Empty, "storage and database disagree:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    /// <summary>Polls until consistent (work settles in the background, e.g. once PostgreSQL is back), then asserts.</summary>
    public static async Task AssertHoldsWithinAsync(string connectionString, string storageRoot, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && (await ProblemsAsync(connectionString, storageRoot)).Count > 0)
            await Task.Delay(250);

        await AssertHoldsAsync(connectionString, storageRoot);
    }

    /// <summary>Files (relative to the root) in the staging folder <c>.tmp/</c>, at any depth.</summary>
    public static IReadOnlyList<string> StagedFiles(string storageRoot)
    {
        var staging = Path.Combine(storageRoot, ".tmp");
        return Directory.Exists(staging)
            ? [.. Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Select(f => Relative(storageRoot, f)).Order(StringComparer.Ordinal)]
            : [];
    }

    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    public static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return location[..(slash + 1)] + "thumb_" + location[(slash + 1)..];
    }

    public static string PathOf(string storageRoot, string location) =>
        Path.Combine(storageRoot, location.Replace('/', Path.DirectorySeparatorChar));

    private static IEnumerable<string> FilesUnder(string storageRoot, string folder)
    {
        var path = Path.Combine(storageRoot, folder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(f => Relative(storageRoot, f))
            : [];
    }

    private static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static async Task<List<string>> PendingOperationsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id || ' (' || kind || ', ' || array_to_string(locations, ' ') || ')' from pending_file_operations order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var operations = new List<string>();
        while (await reader.ReadAsync())
            operations.Add(reader.GetString(0));

        return operations;
    }

    private static async Task<List<Row>> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, file_location, file_md5, is_image from attachments order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2).Trim(), reader.GetBoolean(3)));

        return rows;
    }

    private sealed record Row(long Id, string Location, string Md5, bool IsImage);
}
