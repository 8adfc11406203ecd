using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

public sealed class UploadAttachmentCommandValidator : AbstractValidator<UploadAttachmentCommand>
{
    public UploadAttachmentCommandValidator(IApplicationDbContext db)
    {
        this.HasFile(c => c.File);
        this.HasCategory(c => c.CategoryId, db);
    }
}
