using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class AttachmentCategoryConfiguration : IEntityTypeConfiguration<AttachmentCategory>
{
    public void Configure(EntityTypeBuilder<AttachmentCategory> builder)
    {
        builder.ToTable("attachment_categories", t =>
            t.HasComment("Folders an admin sorts attachments into; a category holding attachments cannot be deleted."));

        builder.Property(c => c.Id).HasComment("Category id, as the API shows it.");
        builder.Property(c => c.Title).HasMaxLength(MaxLengths.CategoryTitle).HasComment("Name shown to admins.");
        builder.Property(c => c.Status).HasComment("Display status: 1 visible, 0 hidden.");
        builder.Property(c => c.CreatedTime).HasComment("When the category was created.");
        builder.Property(c => c.UpdatedTime).HasComment("When the category was last changed.");
    }
}
