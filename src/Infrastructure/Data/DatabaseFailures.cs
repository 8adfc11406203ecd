using System.Net.Sockets;
using Attachments.Application.Common.Interfaces;
using Npgsql;

namespace Attachments.Infrastructure.Data;

/// <summary>Tells "PostgreSQL cannot be reached or is shutting down" (retry later) apart from bugs and refused statements.</summary>
public sealed class DatabaseFailures : IDatabaseFailures
{
    bool IDatabaseFailures.IsUnavailable(Exception exception) => IsUnavailable(exception);

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08 is connection exceptions; 57P01-57P03 are admin/crash shutdown and "cannot connect now".
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown
                            or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException:
                case SocketException:
                    return true;
            }
        }

        return false;
    }
}
