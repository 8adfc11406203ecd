using System.Text.Json;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class PendingFileOperationConfiguration : IEntityTypeConfiguration<PendingFileOperation>
{
    public const string TableName = "pending_file_operations";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public void Configure(EntityTypeBuilder<PendingFileOperation> builder)
    {
        builder.ToTable(TableName, t =>
        {
            t.HasComment(
                "File changes under uploads/ that committed writes still owe (docs/decisions/016-roll-forward-file-operations.md): " +
                "written in the same transaction as the attachment row, applied right after the commit and then deleted. A row " +
                "that stays is applied by any instance once its lease has expired; applying one twice is harmless.");
            t.HasCheckConstraint("ck_pending_file_operations_kind", "kind IN ('place', 'replace', 'delete', 'move')");
        });

        builder.Property(o => o.Id).HasComment("Operations on one location are applied in id order.");
        builder.Property(o => o.Kind).HasConversion(k => k.ToString().ToLowerInvariant(), k => Enum.Parse<FileOperationKind>(k, true))
            .HasMaxLength(16).HasComment("place (a new attachment), replace (new content at the same locations), delete or move.");
        builder.Property(o => o.AttachmentId).HasComment("The attachment the change is for; no foreign key, the row may be deleted.");
        builder.Property(o => o.Steps).HasColumnType("jsonb")
            .HasConversion(
                steps => JsonSerializer.Serialize(steps, Json),
                json => JsonSerializer.Deserialize<List<FileStep>>(json, Json) ?? new List<FileStep>(),
                new ValueComparer<List<FileStep>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s)), l => l.ToList()))
            .HasComment("What to do, in order: {action: place, source: <staged name>, target: <location>} | {action: delete, target} | {action: move, source: <location>, target}.");
        builder.Property(o => o.Locations).HasComment("Every location under uploads/ the steps touch (GIN-indexed, to order operations on one location).");
        builder.Property(o => o.StagedFiles).HasComment("Names of the files in <storage root>/.tmp/ the steps place; the staging sweeper keeps them.");
        builder.Property(o => o.CreatedAt).HasDefaultValueSql("now()").ValueGeneratedOnAdd()
            .HasComment("When the write that owes it committed (database clock).");
        builder.Property(o => o.LeaseExpiresAt)
            .HasComment("Set when a sweep takes it over: until then that sweep applies it. NULL: the request that wrote it has it for Storage:OperationLease from created_at. Afterwards any instance may (database clock).");
        builder.Property(o => o.Attempts).HasComment("How many times a sweep took it over: more than one means applying it failed; see last_error.");
        builder.Property(o => o.LastError).HasComment("Why the last attempt to apply it failed.");

        builder.HasIndex(o => o.Locations).HasMethod("gin").HasDatabaseName("ix_pending_file_operations_locations");
        builder.HasIndex(o => o.CreatedAt).HasDatabaseName("ix_pending_file_operations_created_at");
    }
}
