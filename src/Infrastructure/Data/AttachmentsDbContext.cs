using System.Reflection;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Attachments.Infrastructure.Data.Configurations;
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

    public DbSet<AttachmentCount> AttachmentCounts => Set<AttachmentCount>();

    public DbSet<AttachmentHourCount> AttachmentHourCounts => Set<AttachmentHourCount>();

    public DbSet<AttachmentDerivative> AttachmentDerivatives => Set<AttachmentDerivative>();

    public DbSet<TrashedAttachment> TrashedAttachments => Set<TrashedAttachment>();

    public DbSet<User> Users => Set<User>();

    public DbSet<PendingFileOperation> PendingFileOperations => Set<PendingFileOperation>();

    public DbSet<DirectUpload> DirectUploads => Set<DirectUpload>();

    public DbSet<ResumableUpload> ResumableUploads => Set<ResumableUpload>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<JobBatch> JobBatches => Set<JobBatch>();

    public bool HasActiveTransaction => Database.CurrentTransaction is not null;

    public async Task<IAsyncDisposable> BeginTransactionAsync(CancellationToken cancellationToken) =>
        await Database.BeginTransactionAsync(cancellationToken);

    public Task CommitTransactionAsync(CancellationToken cancellationToken) =>
        Database.CurrentTransaction?.CommitAsync(cancellationToken)
        ?? throw new InvalidOperationException("No transaction is open to commit.");

    public bool IsUniqueViolation(Exception exception, UniqueKey key) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
        } postgres && postgres.ConstraintName == key switch
        {
            UniqueKey.AttachmentMd5 => AttachmentConfiguration.UniqueMd5Index,
            UniqueKey.AttachmentLocation => AttachmentConfiguration.UniqueLocationIndex,
            UniqueKey.UserName => UserConfiguration.UniqueUserNameIndex,
            UniqueKey.DerivativeKey => AttachmentDerivativeConfiguration.UniqueKeyIndex,
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
        };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram matching for the list's q (ix_attachments_search_trgm on search_text).
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());
    }
}
