using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class ResumableUploadConfiguration : IEntityTypeConfiguration<ResumableUpload>
{
    public void Configure(EntityTypeBuilder<ResumableUpload> builder)
    {
        builder.ToTable("tus_uploads", t =>
        {
            t.HasComment(
                "Resumable uploads of the tus 1.0 protocol at /api/tus/ (docs/decisions/028-tus-uploads.md): a row per creation (POST), " +
                "its offset moved by each PATCH, the bytes kept as parts under .chunks/tus-<id>/ in the storage provider; marked completed " +
                "when the file is stored as an attachment, and deleted with its parts once expires_at has passed.");
            t.HasCheckConstraint("ck_tus_uploads_length", "length > 0");
            t.HasCheckConstraint("ck_tus_uploads_offset", "\"offset\" >= 0 AND \"offset\" <= length");
        });

        builder.Property(u => u.Id).ValueGeneratedNever()
            .HasComment("The id in the upload URL /api/tus/<id>, random.");
        builder.Property(u => u.UserId).HasComment("users.id of who created it, the only user who may send to it, ask for it or end it.");
        builder.Property(u => u.FileName).HasMaxLength(MaxLengths.OriginalFileName)
            .HasComment("The filename metadata as sent; the attachment's names are made from it as for any upload.");
        builder.Property(u => u.CategoryId)
            .HasComment("attachment_categories.id from the category_id metadata; NULL for none (or when the category was deleted since).");
        builder.Property(u => u.Length).HasComment("Upload-Length: the file's size in bytes.");
        builder.Property(u => u.Offset).HasComment("Upload-Offset: the bytes received and kept so far; length when every byte is there.");
        builder.Property(u => u.Parts).HasComment("How many parts hold those bytes (part N is the N-th PATCH that kept any).");
        builder.Property(u => u.Metadata).HasMaxLength(MaxLengths.TusMetadata)
            .HasComment("The Upload-Metadata header as sent at creation, answered again by HEAD.");
        builder.Property(u => u.CreatedAt).HasComment("When it was created.");
        builder.Property(u => u.ExpiresAt).HasComment("Upload-Expires: the last bytes received plus Upload:ChunkMaxAge; afterwards a sweep deletes the row and its parts.");
        builder.Property(u => u.CompletedAt).HasComment("When the file was stored; NULL until then.");
        builder.Property(u => u.AttachmentId)
            .HasComment("The attachment the completed upload stored or found with the same bytes (Upload-Attachment-Id); no foreign key, it may be deleted since.");

        builder.HasIndex(u => u.ExpiresAt).HasDatabaseName("ix_tus_uploads_expires_at");
        builder.HasIndex(u => u.UserId).HasDatabaseName("ix_tus_uploads_user_id");
        builder.HasIndex(u => u.CategoryId).HasDatabaseName("ix_tus_uploads_category_id");

        builder.HasOne<User>().WithMany()
            .HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_tus_uploads_user_id");
        builder.HasOne<AttachmentCategory>().WithMany()
            .HasForeignKey(u => u.CategoryId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_tus_uploads_category_id");
    }
}
