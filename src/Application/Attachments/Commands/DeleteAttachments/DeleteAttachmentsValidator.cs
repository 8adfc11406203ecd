using FluentValidation;

namespace Attachments.Application.Attachments.Commands.DeleteAttachments;

public sealed class DeleteAttachmentsCommandValidator : AbstractValidator<DeleteAttachmentsCommand>
{
    public const int MaxIds = 1000;

    public DeleteAttachmentsCommandValidator()
    {
        RuleFor(c => c.Ids).NotEmpty().WithName("ids").WithMessage("Send the id to delete, or ids: [...].");
        RuleFor(c => c.Ids.Count).LessThanOrEqualTo(MaxIds).WithName("ids").WithMessage($"Delete at most {MaxIds} attachments at once.");
        RuleForEach(c => c.Ids).GreaterThan(0).WithName("ids");
    }
}
