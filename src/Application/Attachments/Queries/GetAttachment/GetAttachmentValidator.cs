using FluentValidation;

namespace Attachments.Application.Attachments.Queries.GetAttachment;

public sealed class GetAttachmentQueryValidator : AbstractValidator<GetAttachmentQuery>
{
    public GetAttachmentQueryValidator()
    {
        RuleFor(q => q.Id).GreaterThan(0).WithName("id");
    }
}
