using System.Reflection;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attachments.Infrastructure.Data;

// Add a migration (from the repository root):
//   dotnet ef migrations add <Name> --project src/Infrastructure --startup-project src/Infrastructure --output-dir Data/Migrations
// and refresh the DBA script:
//   dotnet ef migrations script --idempotent --project src/Infrastructure --startup-project src/Infrastructure -o db/migrations.sql
public class AttachmentsDbContext(DbContextOptions<AttachmentsDbContext> options)
    : DbContext(options), IApplicationDbContext
{
    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<AttachmentCategory> AttachmentCategories => Set<AttachmentCategory>();

    public DbSet<User> Users => Set<User>();

    public bool IsUniqueViolation(Exception exception, string constraintName) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
        } postgres && postgres.ConstraintName == constraintName;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram matching for the list's "name contains" search; the expression index is in the ListIndexes migration.
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());
    }
}
