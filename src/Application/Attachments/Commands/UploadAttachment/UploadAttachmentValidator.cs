using FluentValidation;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

public sealed class UploadAttachmentCommandValidator : AbstractValidator<UploadAttachmentCommand>
{
    public UploadAttachmentCommandValidator()
    {
        RuleFor(c => c.File.Length).GreaterThan(0).WithName("file").WithMessage("The file is empty.");
        RuleFor(c => c.CategoryId).GreaterThanOrEqualTo(0).WithName("category_id");
        RuleFor(c => c.Id).GreaterThan(0).When(c => c.Id is not null).WithName("id");
    }
}
