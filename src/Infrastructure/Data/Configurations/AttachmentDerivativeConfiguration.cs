using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class AttachmentDerivativeConfiguration : IEntityTypeConfiguration<AttachmentDerivative>
{
    public const string UniqueKeyIndex = "ux_attachment_derivatives_attachment_id_file_md5_key";

    public void Configure(EntityTypeBuilder<AttachmentDerivative> builder)
    {
        builder.ToTable("attachment_derivatives", t =>
        {
            t.HasComment("Resized or re-encoded copies of an image (named sizes, signed URL transforms), made on first request; the files are at location, under derivatives/ in the storage root, and go with the row.");
            t.HasCheckConstraint("ck_attachment_derivatives_location", "location LIKE 'derivatives/%'");
        });

        builder.Property(d => d.Id).HasComment("Derivative id.");
        builder.Property(d => d.AttachmentId).HasComment("attachments.id; the rows go with the attachment (its delete removes the files too).");
        builder.Property(d => d.FileMd5).HasMaxLength(MaxLengths.Md5).IsFixedLength()
            .HasComment("md5 of the content it was made from: new bytes at the same location never find an old derivative.");
        builder.Property(d => d.Key).HasMaxLength(16).IsFixedLength()
            .HasComment("First 16 hex digits of the SHA-256 of the canonical parameters (w, h, fit, format, q, dpr, and the focal point for crops).");
        builder.Property(d => d.Location).HasMaxLength(MaxLengths.FileLocation)
            .HasComment("Path relative to the storage root: derivatives/<md5>/<key>.<ext>.");
        builder.Property(d => d.MimeType).HasMaxLength(MaxLengths.MimeType).HasComment("Media type of the derivative.");
        builder.Property(d => d.FileSize).HasComment("Bytes of the derivative.");
        builder.Property(d => d.Width).HasComment("Pixel width of the derivative.");
        builder.Property(d => d.Height).HasComment("Pixel height of the derivative.");
        builder.Property(d => d.CreatedTime).HasComment("When it was made.");

        builder.HasIndex(d => new { d.AttachmentId, d.FileMd5, d.Key }).IsUnique().HasDatabaseName(UniqueKeyIndex);
        builder.HasIndex(d => d.Location).IsUnique().HasDatabaseName("ux_attachment_derivatives_location");
        builder.HasOne<Attachment>().WithMany(a => a.Derivatives)
            .HasForeignKey(d => d.AttachmentId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_attachment_derivatives_attachment_id");
    }
}
