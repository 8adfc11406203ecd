using System.Security.Cryptography;
using Npgsql;

namespace Attachments.IntegrationTests.Support;

/// <summary>What <see cref="StorageConsistency"/> reads of a storage: <c>TestStorage</c> in the integration tests, a local folder elsewhere.</summary>
internal interface IInspectedStorage
{
    bool Exists(string location);

    string Md5Of(string location);

    /// <summary>Locations of the stored files that start with <paramref name="prefix"/>, staging and chunk parts included.</summary>
    IReadOnlyList<string> ListUnder(string prefix);

    /// <summary>Whatever is staged: the local <c>.tmp/</c> and, on S3, the bucket's <c>.tmp/</c>.</summary>
    IReadOnlyList<string> StagedFiles();
}

/// <summary>
/// What a DBA would check after a fault, in either storage mode (<c>TestStorage</c>): every row's file (and an
/// image's thumbnail) is stored (under private/ for a private one), a non-image's bytes still have the row's md5, every
/// derivative row's file is stored, a trashed attachment's files are under trash/&lt;id&gt;/, every file under uploads/,
/// private/, derivatives/ and trash/ belongs to a row, no file operation is still pending, nothing is left staged (in the local <c>.tmp/</c> or, on S3, the bucket's),
/// and no chunk parts are left under <c>.chunks/</c> for an upload that has finished.
/// </summary>
internal static class StorageConsistency
{
    private const string Uploads = "uploads/";
    private const string Private = "private/";
    private const string Derivatives = "derivatives/";
    private const string Trash = "trash/";
    private const string Staging = ".tmp/";
    private const string Chunks = ".chunks/";

    /// <summary>Each inconsistency found, in words; empty when storage and database agree.</summary>
    public static Task<IReadOnlyList<string>> ProblemsAsync(string connectionString, string storageRoot) =>
        ProblemsAsync(connectionString, new LocalFolder(storageRoot));

    public static async Task<IReadOnlyList<string>> ProblemsAsync(string connectionString, IInspectedStorage storage)
    {
        var problems = new List<string>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var rows = await RowsAsync(connectionString, "attachments");
        var trashed = await RowsAsync(connectionString, "trashed_attachments");
        foreach (var row in rows.Concat(trashed))
        {
            var location = (row.IsTrashed ? $"{Trash}{row.Id}/" : "") + (row.IsPrivate ? Private + row.Location : row.Location);
            referenced.Add(location);
            if (!storage.Exists(location))
            {
                problems.Add($"{(row.IsTrashed ? "trashed " : "")}attachment {row.Id}: {location} is not stored");
            }
            else if (!row.IsImage && storage.Md5Of(location) is var md5 && md5 != row.Md5)
            {
                problems.Add($"attachment {row.Id}: {location} has md5 {md5}, the row says {row.Md5}");
            }

            if (row.IsImage)
            {
                var thumb = ThumbOf(location);
                referenced.Add(thumb);
                if (!storage.Exists(thumb))
                    problems.Add($"attachment {row.Id}: its thumbnail {thumb} is not stored");
            }
        }

        foreach (var derivative in await DerivativeLocationsAsync(connectionString))
        {
            referenced.Add(derivative);
            if (!storage.Exists(derivative))
                problems.Add($"derivative {derivative} is not stored");
        }

        problems.AddRange(storage.ListUnder(Uploads).Concat(storage.ListUnder(Private)).Concat(storage.ListUnder(Derivatives)).Concat(storage.ListUnder(Trash))
            .Where(f => !referenced.Contains(f))
            .Select(f => $"{f} belongs to no row"));
        problems.AddRange((await PendingOperationsAsync(connectionString)).Select(o => $"file operation {o} is still pending"));
        problems.AddRange(storage.StagedFiles().Select(f => $"{f} is still staged"));
        problems.AddRange(LeftoverChunks(storage, rows).Select(f => $"{f} is a part of an upload that has finished"));
        return problems;
    }

    /// <summary>The check on a local storage folder (the Disk provider's layout).</summary>
    public static Task AssertHoldsAsync(string connectionString, string storageRoot) =>
        AssertHoldsAsync(connectionString, new LocalFolder(storageRoot));

    public static async Task AssertHoldsAsync(string connectionString, IInspectedStorage storage)
    {
        var problems = await ProblemsAsync(connectionString, storage);
        Assert.That(problems, Is.Empty, $"storage ({storage}) and database disagree:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    /// <summary>Polls until consistent (work settles in the background, e.g. once PostgreSQL is back), then asserts.</summary>
    public static async Task AssertHoldsWithinAsync(string connectionString, IInspectedStorage storage, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && (await ProblemsAsync(connectionString, storage)).Count > 0)
            await Task.Delay(250);

        await AssertHoldsAsync(connectionString, storage);
    }

    public static string Md5Of(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    /// <summary>The md5 of a local file.</summary>
    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>Files (relative to the root) in an instance's local staging folder <c>.tmp/</c>, at any depth.</summary>
    public static IReadOnlyList<string> StagedFiles(string storageRoot)
    {
        var staging = Path.Combine(storageRoot, ".tmp");
        return Directory.Exists(staging)
            ? [.. Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(storageRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)]
            : [];
    }

    public static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return location[..(slash + 1)] + "thumb_" + location[(slash + 1)..];
    }

    public static string PathOf(string storageRoot, string location) =>
        Path.Combine(storageRoot, location.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Parts are kept under <c>.chunks/&lt;user id&gt;-&lt;md5 of the whole file&gt;/</c> until the upload is assembled, so
    /// parts whose md5 is a stored attachment's belong to an upload that has finished and should be gone.
    /// </summary>
    private static IEnumerable<string> LeftoverChunks(IInspectedStorage storage, IEnumerable<Row> rows)
    {
        var stored = rows.Select(r => r.Md5).ToHashSet(StringComparer.Ordinal);
        return storage.ListUnder(Chunks).Where(part =>
        {
            var key = part[Chunks.Length..].Split('/')[0];
            var dash = key.IndexOf('-', StringComparison.Ordinal);
            return dash >= 0 && stored.Contains(key[(dash + 1)..]);
        });
    }

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

    private static async Task<List<Row>> RowsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, file_location, file_md5, is_image, visibility = 1 from {table} order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2).Trim(), reader.GetBoolean(3), reader.GetBoolean(4), table != "attachments"));

        return rows;
    }

    private static async Task<List<string>> DerivativeLocationsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select location from attachment_derivatives order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var locations = new List<string>();
        while (await reader.ReadAsync())
            locations.Add(reader.GetString(0));

        return locations;
    }

    private sealed record Row(long Id, string Location, string Md5, bool IsImage, bool IsPrivate, bool IsTrashed);

    /// <summary>A storage folder on the local disk, as the Disk provider lays it out.</summary>
    private sealed class LocalFolder(string root) : IInspectedStorage
    {
        public bool Exists(string location) => File.Exists(PathOf(root, location));

        public string Md5Of(string location) => StorageConsistency.Md5Of(PathOf(root, location));

        public IReadOnlyList<string> ListUnder(string prefix) =>
            Directory.Exists(root)
                ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)]
                : [];

        public IReadOnlyList<string> StagedFiles() => ListUnder(Staging);

        public override string ToString() => $"the folder {root}";
    }
}
