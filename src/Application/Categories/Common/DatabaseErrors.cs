using System.Data.Common;

namespace Attachments.Application.Categories.Common;

internal static class DatabaseErrors
{
    private const string ForeignKeyViolation = "23503";

    /// <summary>
    /// True for a PostgreSQL foreign key violation, whether the provider's exception arrives bare
    /// (ExecuteUpdate/ExecuteDelete) or wrapped in a DbUpdateException (SaveChanges).
    /// </summary>
    public static bool IsForeignKeyViolation(Exception exception) =>
        exception is DbException { SqlState: ForeignKeyViolation }
        || exception.InnerException is DbException { SqlState: ForeignKeyViolation };
}
