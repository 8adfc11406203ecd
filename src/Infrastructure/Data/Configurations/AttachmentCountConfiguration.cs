using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class AttachmentCountConfiguration : IEntityTypeConfiguration<AttachmentCount>
{
    public const string TableName = "attachment_counts";

    public void Configure(EntityTypeBuilder<AttachmentCount> builder)
    {
        builder.ToTable(TableName, t =>
        {
            t.HasComment(
                "How many attachments each category holds of each kind, for the list's total without count(*). Written only by the " +
                "triggers on attachments (function attachment_counts_apply), at commit of the transaction that inserts, deletes or " +
                "changes category_id/is_image; it always equals SELECT coalesce(category_id, 0), is_image, count(*) FROM attachments " +
                "GROUP BY 1, 2. Rows at 0 may stay. docs/decisions/021-list-at-scale.md.");
            t.HasCheckConstraint("ck_attachment_counts_count", "count >= 0");
        });

        builder.HasKey(c => new { c.CategoryId, c.IsImage }).HasName("pk_attachment_counts");
        builder.Property(c => c.CategoryId)
            .HasComment("attachments.category_id, 0 for the uncategorised ones (NULL there), as the API shows them; no foreign key, so a deleted category's row may stay at 0.");
        builder.Property(c => c.IsImage).HasComment("attachments.is_image of the rows counted.");
        builder.Property(c => c.Count).HasComment("How many attachments have this category_id and is_image, exactly, as of the last commit.");
    }
}
