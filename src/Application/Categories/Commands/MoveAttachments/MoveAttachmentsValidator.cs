using FluentValidation;

namespace Attachments.Application.Categories.Commands.MoveAttachments;

public sealed class MoveAttachmentsCommandValidator : AbstractValidator<MoveAttachmentsCommand>
{
    public MoveAttachmentsCommandValidator()
    {
        // Required rather than defaulting to 0: a client that forgot the field would otherwise
        // silently take the attachments out of their categories.
        RuleFor(c => c.CategoryId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("category_id is required (0 for none).")
            .GreaterThanOrEqualTo(0)
            .WithName("category_id");

        RuleFor(c => c.Ids).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("ids must list at least one attachment id.")
            .Must(ids => ids.Count <= MoveAttachmentsCommandHandler.MaxIds)
            .WithMessage($"ids may list at most {MoveAttachmentsCommandHandler.MaxIds} attachments per request.")
            .Must(ids => ids.All(id => id > 0)).WithMessage("ids must be positive attachment ids.")
            .WithName("ids");
    }
}
