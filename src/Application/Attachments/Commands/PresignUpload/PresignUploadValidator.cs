using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.PresignUpload;

public sealed class PresignUploadCommandValidator : AbstractValidator<PresignUploadCommand>
{
    public PresignUploadCommandValidator(IApplicationDbContext db)
    {
        RuleFor(c => c.FileName).NotEmpty().MaximumLength(MaxLengths.OriginalFileName).WithName("file_name");
        // Over the size limit is a 413, as for an upload: the handler says so.
        RuleFor(c => c.FileSize).GreaterThan(0).WithName("file_size")
            .WithMessage("file_size must be the file's size in bytes; an empty file cannot be uploaded.");
        this.HasCategory(c => c.CategoryId, db);
    }
}
