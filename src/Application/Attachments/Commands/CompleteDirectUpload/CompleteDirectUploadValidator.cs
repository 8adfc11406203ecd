using FluentValidation;

namespace Attachments.Application.Attachments.Commands.CompleteDirectUpload;

public sealed class CompleteDirectUploadCommandValidator : AbstractValidator<CompleteDirectUploadCommand>
{
    public CompleteDirectUploadCommandValidator()
    {
        RuleFor(c => c.UploadId).NotEmpty().WithName("upload_id")
            .WithMessage("upload_id is required: send the upload_id that POST /api/attachment/upload/presign answered.");
    }
}
