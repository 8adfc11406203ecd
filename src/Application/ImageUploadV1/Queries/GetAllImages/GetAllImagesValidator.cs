using FluentValidation;

namespace Attachments.Application.ImageUploadV1.Queries.GetAllImages;

public sealed class GetAllImagesQueryValidator : AbstractValidator<GetAllImagesQuery>
{
    public const int MaxPageSize = 1000;

    public GetAllImagesQueryValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("page");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).WithName("pageSize");
    }
}
