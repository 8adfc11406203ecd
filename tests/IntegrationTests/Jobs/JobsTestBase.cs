using System.Security.Cryptography;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using Npgsql;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>Puts files straight into the storage (folder or bucket), as an operator copying them there would.</summary>
public abstract class JobsTestBase : ImageTestBase
{
    protected static readonly DateTime Modified = new(2026, 1, 15, 8, 30, 0, DateTimeKind.Utc);

    /// <summary>A stored name as uploads make them: 16 hex characters and the extension.</summary>
    protected static string NewName(string extension) => $"{Guid.NewGuid():N}"[..16] + "." + extension;

    protected static string PutFile(string location, byte[] content) => PutFile(Storage, location, content);

    /// <summary>Stores <paramref name="content"/> at <paramref name="location"/>, last written at <see cref="Modified"/> where the storage can say so (on Disk).</summary>
    internal static string PutFile(TestStorage storage, string location, byte[] content)
    {
        storage.Write(location, content, Modified);
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

    internal static IReadOnlyList<string> TempFiles(TestStorage storage) => storage.StagedFiles();
}
