using System.Collections.Concurrent;
using System.Security.Cryptography;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Scale;

/// <summary>
/// <see cref="StorageConsistency"/> for a bucket shared by several instances: every row has its object (and an image
/// its <c>thumb_</c> object), a non-image's object still has the row's md5, every object under <c>uploads/</c> belongs
/// to a row, no file operation is pending, nothing is staged in the bucket's <c>.tmp/</c> nor in any instance's local
/// <c>.tmp/</c>, no chunked upload's parts are left in <c>.chunks/</c>, and the prefix holds nothing else.
/// </summary>
internal static class BucketConsistency
{
    // A check polls until the sweeps are done: each object's bytes are hashed once per version (ETag), not per poll.
    private static readonly ConcurrentDictionary<(string Key, string ETag), string> Md5s = new();

    public static async Task<IReadOnlyList<string>> ProblemsAsync(string connectionString, ScaleBucket bucket, IEnumerable<string> localRoots)
    {
        var problems = new List<string>();
        var objects = await bucket.ObjectsAsync();
        var keys = objects.Select(o => o.Key).ToList();
        var stored = objects.ToDictionary(o => o.Key, o => o.ETag, StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, location, md5, isImage) in await RowsAsync(connectionString))
        {
            referenced.Add(location);
            if (!stored.TryGetValue(location, out var etag))
                problems.Add($"attachment {id}: {location} is not in the bucket");
            else if (!isImage && await Md5Async(bucket, location, etag) is var actual && actual != md5)
                problems.Add($"attachment {id}: {location} has md5 {actual}, the row says {md5}");

            if (isImage)
            {
                var thumb = StorageConsistency.ThumbOf(location);
                referenced.Add(thumb);
                if (!stored.ContainsKey(thumb))
                    problems.Add($"attachment {id}: its thumbnail {thumb} is not in the bucket");
            }
        }

        foreach (var key in keys.Where(k => !referenced.Contains(k)))
        {
            problems.Add(key switch
            {
                _ when key.StartsWith("uploads/", StringComparison.Ordinal) => $"{key} belongs to no row",
                _ when key.StartsWith(".tmp/", StringComparison.Ordinal) => $"{key} is still staged in the bucket",
                _ when key.StartsWith(".chunks/", StringComparison.Ordinal) => $"{key}: a chunked upload's part is left",
                _ => $"{key} should not be in the bucket",
            });
        }

        problems.AddRange((await PendingOperationsAsync(connectionString)).Select(o => $"file operation {o} is still pending"));
        foreach (var root in localRoots)
            problems.AddRange(StorageConsistency.StagedFiles(root).Select(f => $"{f} is still staged in {root}"));

        return problems;
    }

    /// <summary>Polls until consistent (the sweeps settle what a dead instance left), then asserts.</summary>
    public static async Task AssertHoldsWithinAsync(string connectionString, ScaleBucket bucket, IReadOnlyList<string> localRoots, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<string> problems;
        while ((problems = await ProblemsAsync(connectionString, bucket, localRoots)).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        Assert.That(problems, Is.Empty, "bucket and database disagree:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    private static async Task<string> Md5Async(ScaleBucket bucket, string key, string etag)
    {
        if (Md5s.TryGetValue((key, etag), out var known))
            return known;

        var md5 = Convert.ToHexStringLower(MD5.HashData(await bucket.ReadAsync(key)));
        Md5s[(key, etag)] = md5;
        return md5;
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

    private static async Task<List<(long Id, string Location, string Md5, bool IsImage)>> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, file_location, file_md5, is_image from attachments order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string, string, bool)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2).Trim(), reader.GetBoolean(3)));

        return rows;
    }
}
