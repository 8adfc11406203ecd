using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public const string UniqueUserNameIndex = "ux_users_user_name";

    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users", t => t.HasComment("People who log in to the API, with the permissions they hold."));

        builder.Property(u => u.Id).HasComment("User id.");
        builder.Property(u => u.UserName).HasMaxLength(MaxLengths.UserName).HasComment("Login name, unique.");
        builder.Property(u => u.PasswordHash).HasMaxLength(MaxLengths.PasswordHash)
            .HasComment("ASP.NET Core Identity password hash (PBKDF2); never the password.");
        builder.Property(u => u.Permissions).HasColumnType("text[]")
            .HasComment("Granted permissions: attachment.upload, attachment.manage, attachment.delete, users.manage.");
        builder.Property(u => u.CreatedTime).HasComment("When the user was created.");
        builder.Property(u => u.UpdatedTime).HasComment("When the user was last changed.");

        builder.HasIndex(u => u.UserName).IsUnique().HasDatabaseName(UniqueUserNameIndex);
    }
}
