using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class AttachmentHourCountConfiguration : IEntityTypeConfiguration<AttachmentHourCount>
{
    public const string TableName = "attachment_hour_counts";

    public void Configure(EntityTypeBuilder<AttachmentHourCount> builder)
    {
        builder.ToTable(TableName, t =>
        {
            t.HasComment(
                "attachment_counts split by the hour of created_time (UTC), plus category_id -1 rows adding up every category: a deep " +
                "page of the list (current=N) finds the hour it starts in from here and skips only that hour's rows. Written only by " +
                "the same triggers as attachment_counts; for category_id >= 0 it always equals SELECT coalesce(category_id, 0), " +
                "is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 1, 2, 3. " +
                "docs/decisions/021-list-at-scale.md.");
            t.HasCheckConstraint("ck_attachment_hour_counts_count", "count >= 0");
        });

        builder.HasKey(c => new { c.CategoryId, c.IsImage, c.Hour }).HasName("pk_attachment_hour_counts");
        builder.Property(c => c.CategoryId)
            .HasComment("attachments.category_id, 0 for the uncategorised ones, -1 for the rows that add up every category.");
        builder.Property(c => c.IsImage).HasComment("attachments.is_image of the rows counted.");
        builder.Property(c => c.Hour).HasComment("The hour (UTC) the counted rows' created_time falls in: date_trunc('hour', created_time, 'UTC').");
        builder.Property(c => c.Count).HasComment("How many attachments have this category_id, is_image and hour, exactly, as of the last commit.");
    }
}
