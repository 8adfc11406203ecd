using Attachments.Application.Attachments.Common;
using FluentValidation;

namespace Attachments.Application.ImageUploadV1.Commands.UploadImage;

public sealed class UploadImageCommandValidator : AbstractValidator<UploadImageCommand>
{
    public UploadImageCommandValidator() => this.HasFile(c => c.File);
}
