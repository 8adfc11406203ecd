using Attachments.Application.Attachments.Commands.DeleteAttachments;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.RestoreAttachments;

public sealed class RestoreAttachmentsCommandValidator : AbstractValidator<RestoreAttachmentsCommand>
{
    public RestoreAttachmentsCommandValidator()
    {
        RuleFor(c => c.Ids).NotEmpty().WithName("ids").WithMessage("Send the id to restore, or ids: [...].");
        RuleFor(c => c.Ids.Count).LessThanOrEqualTo(DeleteAttachmentsCommandValidator.MaxIds).WithName("ids")
            .WithMessage($"Restore at most {DeleteAttachmentsCommandValidator.MaxIds} attachments at once.");
        RuleForEach(c => c.Ids).GreaterThan(0).WithName("ids");
    }
}
