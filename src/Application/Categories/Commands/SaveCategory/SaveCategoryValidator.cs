using Attachments.Application.Categories.Common;
using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Categories.Commands.SaveCategory;

public sealed class SaveCategoryCommandValidator : AbstractValidator<SaveCategoryCommand>
{
    public SaveCategoryCommandValidator()
    {
        RuleFor(c => c.Id).GreaterThanOrEqualTo(0).When(c => c.Id is not null).WithName("id");

        // The handler stores the title trimmed, so the rules apply to what will be stored.
        RuleFor(c => c.Title.Trim()).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("title is required.")
            .MaximumLength(MaxLengths.CategoryTitle)
            .WithMessage($"title must be at most {MaxLengths.CategoryTitle} characters long.")
            .Must(t => !CategoryTitles.HasUnsafeCharacters(t))
            .WithMessage("title must not contain control characters, line breaks or bidi controls.")
            .OverridePropertyName("title");
    }
}
