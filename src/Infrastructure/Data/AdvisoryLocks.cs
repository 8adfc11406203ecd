using Attachments.Application.Common.Interfaces;
using Npgsql;

namespace Attachments.Infrastructure.Data;

/// <summary>
/// PostgreSQL advisory locks, held on a connection of their own: every instance on the database sees them, and one
/// goes the moment its holder's connection does, however the holder ended.
/// </summary>
public sealed class AdvisoryLocks(string connectionString) : IExclusiveLocks
{
    /// <summary>Takes the lock named <paramref name="name"/> if nobody holds it; disposing releases it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (await TryLockAsync(connection, name, cancellationToken))
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

    /// <summary>
    /// Takes the lock named <paramref name="name"/>, waiting for as long as another session holds it (calling
    /// <paramref name="waiting"/> once first); disposing releases it.
    /// </summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, Action waiting, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (!await TryLockAsync(connection, name, cancellationToken))
            {
                waiting();
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@name, 0))", connection);
                command.Parameters.AddWithValue("name", name);
                // The holder may take minutes (a migration that builds an index on a large table); the wait ends with
                // its work, its session, or the caller's token, never with a command timeout.
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
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
