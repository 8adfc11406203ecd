using Attachments.Application.Attachments.Queries.ListAttachments;
using FluentValidation;

namespace Attachments.Application.Attachments.Queries.ListTrash;

public sealed class ListTrashQueryValidator : AbstractValidator<ListTrashQuery>
{
    /// <summary>Offset pages past this are refused: a trash that deep is searched, not paged.</summary>
    public const int MaxCurrent = 10_000;

    public ListTrashQueryValidator()
    {
        RuleFor(q => q.Current).InclusiveBetween(1, MaxCurrent).WithName("current");
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListAttachmentsQueryValidator.MaxPageSize).WithName("pageSize");
        RuleFor(q => q.CategoryId).GreaterThanOrEqualTo(0).WithName("category_id");
        RuleFor(q => q.Q).MaximumLength(ListAttachmentsQueryValidator.MaxSearchLength).WithName("q");
        RuleFor(q => q.Tag).MaximumLength(Domain.Constants.MaxLengths.Tag).WithName("tag");
        RuleFor(q => q.Type)
            .Must(t => t is null or "" or AttachmentTypes.Image or AttachmentTypes.File)
            .WithName("type")
            .WithMessage("type must be 'image' or 'file'.");
    }
}
