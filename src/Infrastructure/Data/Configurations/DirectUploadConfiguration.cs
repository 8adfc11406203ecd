using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class DirectUploadConfiguration : IEntityTypeConfiguration<DirectUpload>
{
    public void Configure(EntityTypeBuilder<DirectUpload> builder)
    {
        builder.ToTable("direct_uploads", t =>
        {
            t.HasComment(
                "Uploads whose bytes the client sends straight to storage with a presigned URL (docs/decisions/020-direct-uploads.md): " +
                "a row per POST /api/attachment/upload/presign, marked completed when the file is stored as an attachment, and " +
                "deleted with its bytes once expires_at has passed.");
            t.HasCheckConstraint("ck_direct_uploads_file_size", "file_size > 0");
        });

        builder.Property(u => u.Id).ValueGeneratedNever()
            .HasComment("upload_id in the API, random; the bytes are at <storage root>/.direct/<id> (disk) or <prefix>.direct/<id> (bucket).");
        builder.Property(u => u.UserId).HasComment("users.id of who presigned it, the only user who may complete it.");
        builder.Property(u => u.FileName).HasMaxLength(MaxLengths.OriginalFileName)
            .HasComment("The client's file name as sent; the attachment's names are made from it as for any upload.");
        builder.Property(u => u.FileSize).HasComment("Bytes presigned; the uploaded file must be exactly this long.");
        builder.Property(u => u.CategoryId)
            .HasComment("attachment_categories.id the attachment goes in; NULL for none (or when the category was deleted since).");
        builder.Property(u => u.CreatedAt).HasComment("When it was presigned.");
        builder.Property(u => u.ExpiresAt).HasComment("The URL works and the upload can be completed until then; afterwards a sweep deletes the row and its bytes.");
        builder.Property(u => u.CompletedAt).HasComment("When the file was stored; NULL until then. Completing again answers the same attachment.");
        builder.Property(u => u.AttachmentId)
            .HasComment("The attachment the completed upload stored or found with the same bytes; no foreign key, it may be deleted since.");

        builder.HasIndex(u => u.ExpiresAt).HasDatabaseName("ix_direct_uploads_expires_at");
        builder.HasIndex(u => u.UserId).HasDatabaseName("ix_direct_uploads_user_id");
        builder.HasIndex(u => u.CategoryId).HasDatabaseName("ix_direct_uploads_category_id");

        builder.HasOne<User>().WithMany()
            .HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_direct_uploads_user_id");
        builder.HasOne<AttachmentCategory>().WithMany()
            .HasForeignKey(u => u.CategoryId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_direct_uploads_category_id");
    }
}
