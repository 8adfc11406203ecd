using Npgsql;

namespace Attachments.Infrastructure.Data;

/// <summary>
/// PostgreSQL advisory locks, held on a connection of their own: every instance on the database sees them, and one
/// goes the moment its holder's connection does, however the holder ended.
/// </summary>
public sealed class AdvisoryLocks(string connectionString)
{
    /// <summary>Takes the lock named <paramref name="name"/> if nobody holds it; disposing releases it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
            command.Parameters.AddWithValue("name", name);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@name, 0))", connection);
                command.Parameters.AddWithValue("name", name);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection is broken, and the lock went with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
