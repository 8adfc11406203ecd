using Attachments.Domain.Entities;
using Attachments.Application.Common.Interfaces;
using AutoMapper;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Categories.Common;

/// <summary>
/// Used with <c>ProjectTo</c>, so every member must stay translatable by EF Core; pass
/// <see cref="CountsParameter"/>: <c>ProjectTo&lt;CategoryDto&gt;(config, CategoryMappingProfile.CountsParameter(db))</c>.
/// </summary>
public sealed class CategoryMappingProfile : Profile
{
    public CategoryMappingProfile()
    {
        // Replaced by the queryable given to ProjectTo: the triggers keep attachment_counts exact in the transaction of
        // every write, so reading it is as true as counting the category's rows, without reading them.
        IQueryable<AttachmentCount> counts = null!;
        CreateProjection<AttachmentCategory, CategoryDto>()
            .ForMember(d => d.AttachCount, o => o.MapFrom(s => (int)counts.Where(c => c.CategoryId == s.Id).Sum(c => c.Count)))
            .ForMember(d => d.CreatedTime, o => o.MapFrom(s => s.CreatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.UpdatedTime, o => o.MapFrom(s => s.UpdatedTime.ToUnixTimeSeconds()));
    }

    public static object CountsParameter(IApplicationDbContext db) => new { counts = db.AttachmentCounts.AsNoTracking() };
}
