using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.Users.Common;

public sealed class UserMappingProfile : Profile
{
    public UserMappingProfile()
    {
        CreateMap<User, UserDto>()
            .ForMember(d => d.CreatedTime, o => o.MapFrom(s => s.CreatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.UpdatedTime, o => o.MapFrom(s => s.UpdatedTime.ToUnixTimeSeconds()));
    }
}
