using FluentValidation;

namespace Attachments.Application.Attachments.Queries.ListAttachments;

public sealed class ListAttachmentsQueryValidator : AbstractValidator<ListAttachmentsQuery>
{
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 100;

    public ListAttachmentsQueryValidator()
    {
        RuleFor(q => q.Current).GreaterThanOrEqualTo(1).WithName("current");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).WithName("pageSize");
        RuleFor(q => q.CategoryId).GreaterThanOrEqualTo(0).WithName("category_id");
        RuleFor(q => q.Q).MaximumLength(MaxSearchLength).WithName("q");
        RuleFor(q => q.Tag).MaximumLength(Domain.Constants.MaxLengths.Tag).WithName("tag");
        RuleFor(q => q.Type)
            .Must(t => t is null or "" or AttachmentTypes.Image or AttachmentTypes.File)
            .WithName("type")
            .WithMessage("type must be 'image' or 'file'.");
        RuleFor(q => q.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || ListCursor.TryDecode(c, out _))
            .WithName("cursor")
            .WithMessage("cursor is not one this list returned: send the cursor of the previous page unchanged, or leave it out to start from the first page.");
    }
}
