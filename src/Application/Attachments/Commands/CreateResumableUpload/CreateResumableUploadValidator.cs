using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.CreateResumableUpload;

public sealed class CreateResumableUploadCommandValidator : AbstractValidator<CreateResumableUploadCommand>
{
    public CreateResumableUploadCommandValidator(IApplicationDbContext db)
    {
        // Over the size limit is a 413, as for an upload: the handler says so.
        RuleFor(c => c.Length).GreaterThan(0).WithName("Upload-Length")
            .WithMessage("Upload-Length must be the file's size in bytes; an empty file cannot be uploaded.");
        RuleFor(c => c.FileName).NotEmpty().WithName("filename")
            .WithMessage("Upload-Metadata must name the file: 'filename <the name in base64>'.")
            .MaximumLength(MaxLengths.OriginalFileName);
        RuleFor(c => c.Metadata).MaximumLength(MaxLengths.TusMetadata).WithName("Upload-Metadata");
        this.HasCategory(c => c.CategoryId, db);
    }
}
