using System.Security.Cryptography;
using Attachments.IntegrationTests.Images;
using Npgsql;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>Puts files straight into the storage folder, as an operator copying them there would.</summary>
public abstract class JobsTestBase : ImageTestBase
{
    protected static readonly DateTime Modified = new(2026, 1, 15, 8, 30, 0, DateTimeKind.Utc);

    /// <summary>A stored name as uploads make them: 16 hex characters and the extension.</summary>
    protected static string NewName(string extension) => $"{Guid.NewGuid():N}"[..16] + "." + extension;

    protected static string PutFile(string location, byte[] content) => PutFile(StorageRoot, location, content);

    protected static string PutFile(string root, string location, byte[] content)
    {
        var path = StoredPath(root, location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, Modified);
        return location;
    }

    protected static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    protected static Task<long> CountRowsAsync() => QueryScalarAsync<long>("select count(*) from attachments");

    protected static Task<long> CountRowsAtAsync(string location) =>
        QueryScalarAsync<long>("select count(*) from attachments where file_location = @location", ("location", location));

    /// <summary>The attachments row at <paramref name="location"/>, column by column; fails when there is none.</summary>
    protected static async Task<IReadOnlyDictionary<string, object?>> RowAtAsync(string location)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select file_name, original_file_name, file_size, file_md5, mime_type, width, height, is_image,
                   category_id, user_id, extract(epoch from created_time)::bigint as created_time,
                   extract(epoch from updated_time)::bigint as updated_time
            from attachments where file_location = @location
            """,
            connection);
        command.Parameters.AddWithValue("location", location);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"no row for {location}");
        return Enumerable.Range(0, reader.FieldCount)
            .ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    protected static IReadOnlyList<string> TempFiles(string root) =>
        [.. FilesUnder(root).Where(f => f.StartsWith(".tmp/", StringComparison.Ordinal))];
}
