using FluentValidation;

namespace Attachments.Application.Delivery.Queries.GetSignedUrl;

public sealed class GetSignedUrlQueryValidator : AbstractValidator<GetSignedUrlQuery>
{
    public GetSignedUrlQueryValidator()
    {
        RuleFor(q => q.Id).GreaterThan(0).WithName("id");
    }
}
