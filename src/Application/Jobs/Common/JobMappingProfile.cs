using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.Jobs.Common;

public sealed class JobMappingProfile : Profile
{
    public JobMappingProfile()
    {
        CreateMap<Job, JobDto>()
            .ForMember(d => d.StartedAt, o => o.MapFrom(s => s.StartedAt.ToUnixTimeSeconds()))
            .ForMember(d => d.FinishedAt, o => o.MapFrom(s => s.FinishedAt.HasValue ? s.FinishedAt.Value.ToUnixTimeSeconds() : (long?)null));
    }
}
