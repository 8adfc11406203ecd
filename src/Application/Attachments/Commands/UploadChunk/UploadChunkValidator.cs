using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.UploadChunk;

public sealed class UploadChunkCommandValidator : AbstractValidator<UploadChunkCommand>
{
    public const int MaxChunks = 10_000;

    public UploadChunkCommandValidator(IApplicationDbContext db)
    {
        RuleFor(c => c.Part).NotNull().WithName("file").WithMessage("The request has no file; send it as the multipart field 'file'.");
        RuleFor(c => c.Chunks).InclusiveBetween(1, MaxChunks).WithName("chunks");
        RuleFor(c => c.Chunk).GreaterThanOrEqualTo(0).LessThan(c => c.Chunks).WithName("chunk")
            .WithMessage("chunk must be from 0 to chunks - 1.");
        RuleFor(c => c.Md5).Matches("^[0-9a-fA-F]{32}$").WithName("md5")
            .WithMessage("md5 must be the 32 hex digits of the whole file's MD5.");
        RuleFor(c => c.FileName).NotEmpty().MaximumLength(MaxLengths.OriginalFileName).WithName("file_name");
        this.HasCategory(c => c.CategoryId, db);
        RuleFor(c => c.Id).GreaterThan(0).When(c => c.Id is not null).WithName("id");
    }
}
