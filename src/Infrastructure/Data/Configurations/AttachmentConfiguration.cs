using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public const string UniqueMd5Index = "ux_attachments_file_md5";
    public const string UniqueLocationIndex = "ux_attachments_file_location";

    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("attachments", t =>
        {
            t.HasComment("Uploaded files: one row per distinct content (md5), bytes on disk at file_location under the storage root.");
            t.HasCheckConstraint("ck_attachments_file_size", "file_size >= 0");
            t.HasCheckConstraint("ck_attachments_dimensions", "width >= 0 AND height >= 0");
            t.HasCheckConstraint("ck_attachments_file_location", "file_location LIKE 'uploads/%'");
            t.HasCheckConstraint("ck_attachments_focus", "focus_x BETWEEN 0 AND 1 AND focus_y BETWEEN 0 AND 1");
            t.HasCheckConstraint("ck_attachments_dominant_color", "dominant_color ~ '^#[0-9a-f]{6}$'");
            t.HasCheckConstraint("ck_attachments_alt", $"char_length(alt) <= {MaxLengths.Alt}");
            t.HasCheckConstraint("ck_attachments_caption", $"char_length(caption) <= {MaxLengths.Caption}");
            t.HasCheckConstraint("ck_attachments_tags", $"cardinality(tags) <= {MaxLengths.Tags}");
        });

        builder.Property(a => a.Id).HasComment("Attachment id, as the API shows it.");
        builder.Property(a => a.FileName).HasMaxLength(MaxLengths.FileName)
            .HasComment("Display name: the client's file name without extension or path.");
        builder.Property(a => a.OriginalFileName).HasMaxLength(MaxLengths.OriginalFileName)
            .HasComment("The client's file name with extension, cleaned of path parts and control characters.");
        builder.Property(a => a.FileLocation).HasMaxLength(MaxLengths.FileLocation)
            .HasComment("Path relative to the storage root: uploads/yyyyMM/dd/<md5[8:24]>.<ext>.");
        builder.Property(a => a.FileSize).HasComment("Bytes of the stored file (after image processing).");
        builder.Property(a => a.FileMd5).HasMaxLength(MaxLengths.Md5).IsFixedLength()
            .HasComment("Lower-case hex MD5 of the bytes as uploaded; identical uploads share one row.");
        builder.Property(a => a.MimeType).HasMaxLength(MaxLengths.MimeType)
            .HasComment("Media type of the stored file, decided from its bytes.");
        builder.Property(a => a.Width).HasComment("Pixel width after auto-orientation; 0 for non-images.");
        builder.Property(a => a.Height).HasComment("Pixel height after auto-orientation; 0 for non-images.");
        builder.Property(a => a.CategoryId).HasComment("attachment_categories.id; NULL when uncategorised (the API shows 0).");
        builder.Property(a => a.IsImage).HasComment("True when the file is an image with a thumbnail beside it (thumb_<name>).");
        builder.Property(a => a.IsProcessed)
            .HasComment("True when the stored file is what an upload stores (images auto-oriented, converted, stripped of metadata; other files as sent); false for an image a scan indexed as found on disk, EXIF and GPS included, until it is processed in place.");
        builder.Property(a => a.Status).HasConversion<short>()
            .HasComment("Display status: 1 visible, 0 hidden.");
        builder.Property(a => a.UserId).HasComment("users.id of the uploader; NULL when that user was deleted.");
        builder.Property(a => a.CreatedTime).HasComment("When the attachment was first uploaded.");
        builder.Property(a => a.UpdatedTime).HasComment("When the row or its bytes last changed.");
        builder.Property(a => a.Alt).HasDefaultValue(string.Empty).HasSentinel("\u0000")
            .HasComment("Alternative text for the image, as a page's alt attribute; '' when not given. Found by the list's q.");
        builder.Property(a => a.Caption).HasDefaultValue(string.Empty).HasSentinel("\u0000")
            .HasComment("A caption to show with the file; '' when not given. Found by the list's q.");
        builder.Property(a => a.Tags).HasDefaultValueSql("'{}'::text[]")
            .HasComment("Editors' labels (at most 20 of at most 50 characters, none twice in any case); the list's tag= finds one exactly, q any part of one.");
        // attachment_search_text is created by the Search migration, before this column.
        builder.Property(a => a.SearchText).HasComputedColumnSql("attachment_search_text(file_name, alt, caption, tags)", stored: true)
            .HasComment("Kept by the database: lower-cased file_name, alt, caption and tags in one string, what the list's q searches (ix_attachments_search_trgm).");
        builder.HasIndex(a => a.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_attachments_search_trgm");
        builder.Property(a => a.Visibility).HasConversion<short>().HasDefaultValue(Visibility.Public).HasSentinel((Visibility)(-1))
            .HasComment("0 public (served at /uploads/<file_location> to anyone); 1 private (stored at private/<file_location>, served only on a signed, unexpired URL).");
        builder.Property(a => a.FocusX).HasDefaultValue(0.5).HasSentinel(-1.0)
            .HasComment("Focal point, 0-1 from the left edge: every crop (named sizes, fit=cover, the Crop thumbnail) keeps it in view.");
        builder.Property(a => a.FocusY).HasDefaultValue(0.5).HasSentinel(-1.0)
            .HasComment("Focal point, 0-1 from the top edge.");
        builder.Property(a => a.BlurHash).HasColumnName("blurhash").HasMaxLength(MaxLengths.BlurHash)
            .HasComment("BlurHash placeholder (4x3 components) of an image; NULL for other files and until the thumbnail rebuild makes it.");
        builder.Property(a => a.DominantColor).HasMaxLength(7).IsFixedLength()
            .HasComment("The image's most common colour as #rrggbb; NULL for other files and until made.");

        // xmin is PostgreSQL's row version: two concurrent replaces of one attachment cannot both win.
        builder.Property<uint>("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();

        builder.Ignore(a => a.StoredName);
        builder.Ignore(a => a.ThumbLocation);
        builder.Ignore(a => a.StoredFileLocation);
        builder.Ignore(a => a.StoredThumbLocation);
        builder.Ignore(a => a.StoredLocations);

        builder.HasIndex(a => a.FileMd5).IsUnique().HasDatabaseName(UniqueMd5Index);
        builder.HasIndex(a => a.FileLocation).IsUnique().HasDatabaseName(UniqueLocationIndex);
        // Serves DeleteImage's "file_location LIKE '%/<stored name>'" of the Image Upload API v1.
        builder.HasIndex(a => a.FileLocation, "ix_attachments_file_location_trgm").HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_attachments_file_location_trgm");
        builder.HasIndex(a => new { a.CreatedTime, a.Id }).IsDescending(true, true)
            .HasDatabaseName("ix_attachments_created_time_id");
        builder.HasIndex(a => new { a.CategoryId, a.CreatedTime, a.Id }).IsDescending(false, true, true)
            .HasDatabaseName("ix_attachments_category_id_created_time_id");
        builder.HasIndex(a => new { a.IsImage, a.CreatedTime, a.Id }).IsDescending(false, true, true)
            .HasDatabaseName("ix_attachments_is_image_created_time_id");
        builder.HasIndex(a => new { a.CategoryId, a.IsImage, a.CreatedTime, a.Id }).IsDescending(false, false, true, true)
            .HasDatabaseName("ix_attachments_category_id_is_image_created_time_id");
        builder.HasIndex(a => a.UserId).HasDatabaseName("ix_attachments_user_id");
        // Serves the list's tag= (tags @> ARRAY[tag]).
        builder.HasIndex(a => a.Tags).HasMethod("gin").HasDatabaseName("ix_attachments_tags");

        builder.HasOne(a => a.Category).WithMany(c => c.Attachments)
            .HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict)
            .HasConstraintName("fk_attachments_category_id");
        builder.HasOne<User>().WithMany()
            .HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("fk_attachments_user_id");
    }
}
