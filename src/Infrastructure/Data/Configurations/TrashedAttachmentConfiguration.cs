using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class TrashedAttachmentConfiguration : IEntityTypeConfiguration<TrashedAttachment>
{
    public void Configure(EntityTypeBuilder<TrashedAttachment> builder)
    {
        builder.ToTable("trashed_attachments", t =>
        {
            t.HasComment("Deleted attachments kept for Attachments:TrashRetention: the attachments row as it was (moved out, so lists, counts and de-duplication no longer see it), its files under trash/<id>/ in the storage root. Restoring moves both back; the purge deletes both.");
            t.HasCheckConstraint("ck_trashed_attachments_file_location", "file_location LIKE 'uploads/%'");
        });

        // Not generated: the id is the attachment's, and comes back with it.
        builder.Property(t => t.Id).ValueGeneratedNever().HasComment("The attachment's id, kept when it is restored.");
        builder.Property(t => t.FileName).HasMaxLength(MaxLengths.FileName).HasComment("As attachments.file_name.");
        builder.Property(t => t.OriginalFileName).HasMaxLength(MaxLengths.OriginalFileName).HasComment("As attachments.original_file_name.");
        builder.Property(t => t.FileLocation).HasMaxLength(MaxLengths.FileLocation)
            .HasComment("Where the file was and goes back to (as attachments.file_location); its bytes are at trash/<id>/<file_location>, or trash/<id>/private/<file_location> when private.");
        builder.Property(t => t.FileSize).HasComment("As attachments.file_size.");
        builder.Property(t => t.FileMd5).HasMaxLength(MaxLengths.Md5).IsFixedLength()
            .HasComment("As attachments.file_md5; uploads of the same bytes are not de-duplicated against it.");
        builder.Property(t => t.MimeType).HasMaxLength(MaxLengths.MimeType).HasComment("As attachments.mime_type.");
        builder.Property(t => t.Width).HasComment("As attachments.width.");
        builder.Property(t => t.Height).HasComment("As attachments.height.");
        builder.Property(t => t.CategoryId).HasComment("attachment_categories.id it was in; NULL when uncategorised or when that category was deleted since.");
        builder.Property(t => t.IsImage).HasComment("As attachments.is_image.");
        builder.Property(t => t.IsProcessed).HasComment("As attachments.is_processed.");
        builder.Property(t => t.Status).HasConversion<short>().HasComment("As attachments.status.");
        builder.Property(t => t.UserId).HasComment("users.id of the uploader; NULL when that user was deleted.");
        builder.Property(t => t.CreatedTime).HasComment("When the attachment was first uploaded.");
        builder.Property(t => t.UpdatedTime).HasComment("When the row or its bytes last changed before the delete.");
        builder.Property(t => t.Alt).HasComment("As attachments.alt.");
        builder.Property(t => t.Caption).HasComment("As attachments.caption.");
        builder.Property(t => t.Tags).HasComment("As attachments.tags.");
        builder.Property(t => t.Visibility).HasConversion<short>().HasComment("As attachments.visibility.");
        builder.Property(t => t.FocusX).HasComment("As attachments.focus_x.");
        builder.Property(t => t.FocusY).HasComment("As attachments.focus_y.");
        builder.Property(t => t.BlurHash).HasColumnName("blurhash").HasMaxLength(MaxLengths.BlurHash).HasComment("As attachments.blurhash.");
        builder.Property(t => t.DominantColor).HasMaxLength(7).IsFixedLength().HasComment("As attachments.dominant_color.");
        builder.Property(t => t.DeletedTime).HasComment("When it was deleted; the purge deletes it for ever once Attachments:TrashRetention has passed.");
        builder.Property(t => t.DeletedBy).HasComment("users.id of who deleted it; NULL when that user was deleted.");

        builder.Ignore(t => t.TrashLocations);

        // The trash lists newest deletes first, and the purge takes the oldest.
        builder.HasIndex(t => new { t.DeletedTime, t.Id }).IsDescending(true, true).HasDatabaseName("ix_trashed_attachments_deleted_time_id");
        builder.HasIndex(t => t.CategoryId).HasDatabaseName("ix_trashed_attachments_category_id");
        builder.HasIndex(t => t.UserId).HasDatabaseName("ix_trashed_attachments_user_id");
        builder.HasIndex(t => t.DeletedBy).HasDatabaseName("ix_trashed_attachments_deleted_by");

        builder.HasOne<AttachmentCategory>().WithMany()
            .HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_trashed_attachments_category_id");
        builder.HasOne<User>().WithMany()
            .HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_trashed_attachments_user_id");
        builder.HasOne<User>().WithMany()
            .HasForeignKey(t => t.DeletedBy).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_trashed_attachments_deleted_by");
    }
}
