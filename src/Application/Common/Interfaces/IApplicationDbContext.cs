using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Common.Interfaces;

public interface IApplicationDbContext
{
    DbSet<Attachment> Attachments { get; }

    DbSet<AttachmentCategory> AttachmentCategories { get; }

    /// <summary>Kept by database triggers; read-only for the service.</summary>
    DbSet<AttachmentCount> AttachmentCounts { get; }

    /// <summary>Kept by the same triggers; read-only for the service.</summary>
    DbSet<AttachmentHourCount> AttachmentHourCounts { get; }

    DbSet<AttachmentDerivative> AttachmentDerivatives { get; }

    /// <summary>Deleted attachments kept for Attachments:TrashRetention, out of <see cref="Attachments"/>.</summary>
    DbSet<TrashedAttachment> TrashedAttachments { get; }

    DbSet<User> Users { get; }

    /// <summary>File operations committed writes still owe; handlers add them, <see cref="IFileOperations"/> applies them.</summary>
    DbSet<PendingFileOperation> PendingFileOperations { get; }

    DbSet<DirectUpload> DirectUploads { get; }

    /// <summary>tus uploads in progress (and completed ones until they expire), at /api/tus/.</summary>
    DbSet<ResumableUpload> ResumableUploads { get; }

    /// <summary>Scan and rebuild jobs with their progress; <see cref="IBackgroundJobs"/> starts and works them.</summary>
    DbSet<Job> Jobs { get; }

    bool HasActiveTransaction { get; }

    /// <summary>Only the transaction behaviour calls this; handlers run inside the transaction it opens.</summary>
    Task<IAsyncDisposable> BeginTransactionAsync(CancellationToken cancellationToken);

    /// <summary>Commits the transaction <see cref="BeginTransactionAsync"/> opened.</summary>
    Task CommitTransactionAsync(CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>True when the exception says a row with the same <paramref name="key"/> exists already.</summary>
    bool IsUniqueViolation(Exception exception, UniqueKey key);
}

/// <summary>What the unique indexes keep unique (their names live with the schema, in Infrastructure).</summary>
public enum UniqueKey
{
    AttachmentMd5,
    AttachmentLocation,
    UserName,
    DerivativeKey,
}
