using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Data;

public sealed class DatabaseInitialiser(
    AttachmentsDbContext db,
    IOptions<DatabaseOptions> database,
    IOptions<AuthOptions> auth,
    IPasswordHasher hasher,
    TimeProvider time,
    ILogger<DatabaseInitialiser> logger)
{
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            await CreateHistoryTableAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database schema is up to date");
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count != 0)
            {
                throw new InvalidOperationException(
                    $"The database lacks migrations {string.Join(", ", pending)} and Database:MigrateOnStartup is false: " +
                    "apply db/migrations.sql (idempotent) or start once with Database__MigrateOnStartup=true.");
            }
        }

        await CreateBootstrapAdminAsync(cancellationToken);
    }

    /// <summary>
    /// Npgsql's migrator probes the history table by reading it, which on an empty database logs an Error line for a
    /// failure that is expected (npgsql/efcore.pg#3407); creating the table first keeps the first start's log clean.
    /// </summary>
    private async Task CreateHistoryTableAsync(CancellationToken cancellationToken)
    {
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
    }

    private async Task CreateBootstrapAdminAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
            return;

        var admin = auth.Value.BootstrapAdmin;
        if (string.IsNullOrWhiteSpace(admin.UserName) || string.IsNullOrEmpty(admin.Password))
        {
            logger.LogWarning(
                "No user exists and Auth:BootstrapAdmin:UserName/Password are not set: nobody can log in yet");
            return;
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            UserName = admin.UserName.Trim(),
            Permissions = [.. Permissions.All],
            CreatedTime = now,
            UpdatedTime = now,
        };
        user.PasswordHash = hasher.Hash(user, admin.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created the bootstrap admin {UserName} with every permission", user.UserName);
    }
}
