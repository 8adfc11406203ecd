using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.ReplaceAttachment;

public sealed class ReplaceAttachmentCommandValidator : AbstractValidator<ReplaceAttachmentCommand>
{
    public ReplaceAttachmentCommandValidator(IApplicationDbContext db)
    {
        this.HasFile(c => c.File);
        this.HasCategory(c => c.CategoryId, db);
        RuleFor(c => c.Id).GreaterThan(0).WithName("id");
    }
}
