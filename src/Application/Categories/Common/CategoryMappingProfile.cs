using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.Categories.Common;

/// <summary>Used with <c>ProjectTo</c>, so every member must stay translatable by EF Core.</summary>
public sealed class CategoryMappingProfile : Profile
{
    public CategoryMappingProfile()
    {
        // A stored counter drifts when rows are moved or deleted behind the API's back; counting in
        // the same SELECT (a correlated subquery) is always true.
        CreateProjection<AttachmentCategory, CategoryDto>()
            .ForMember(d => d.AttachCount, o => o.MapFrom(s => s.Attachments.Count))
            .ForMember(d => d.CreatedTime, o => o.MapFrom(s => s.CreatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.UpdatedTime, o => o.MapFrom(s => s.UpdatedTime.ToUnixTimeSeconds()));
    }
}
