using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Attachments.Application.Common.Interfaces;

public interface IApplicationDbContext
{
    DbSet<Attachment> Attachments { get; }

    DbSet<AttachmentCategory> AttachmentCategories { get; }

    DbSet<User> Users { get; }

    DatabaseFacade Database { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>True when the exception is a violation of the named unique constraint or index.</summary>
    bool IsUniqueViolation(Exception exception, string constraintName);
}
