using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.ImageUploadV1.Commands.DeleteImage;

public sealed class DeleteImageCommandValidator : AbstractValidator<DeleteImageCommand>
{
    public DeleteImageCommandValidator()
    {
        RuleFor(c => c.FileName)
            .NotEmpty()
            .MaximumLength(MaxLengths.FileLocation)
            .Must(n => n is null || (!n.Contains('/') && !n.Contains('\\') && !n.Any(char.IsControl)))
            .WithName("FileName")
            .WithMessage("FileName is the stored name of an image, e.g. 9f86d081884c7d65.jpg, without folders.");
    }
}
