using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.Attachments.Common;

public sealed class AttachmentMappingProfile : Profile
{
    public AttachmentMappingProfile()
    {
        CreateMap<Attachment, AttachmentDto>()
            .ForMember(d => d.CategoryId, o => o.MapFrom(s => s.CategoryId ?? 0))
            .ForMember(d => d.UserId, o => o.MapFrom(s => s.UserId ?? 0))
            .ForMember(d => d.IsImage, o => o.MapFrom(s => s.IsImage ? 1 : 0))
            .ForMember(d => d.Status, o => o.MapFrom(s => (int)s.Status))
            .ForMember(d => d.CreatedTime, o => o.MapFrom(s => s.CreatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.UpdatedTime, o => o.MapFrom(s => s.UpdatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.Logo, o => o.MapFrom<LogoUrlResolver>())
            .ForMember(d => d.Thumb, o => o.MapFrom<ThumbUrlResolver>());
    }

    private sealed class LogoUrlResolver(IPublicUrls urls) : IValueResolver<Attachment, AttachmentDto, string>
    {
        public string Resolve(Attachment source, AttachmentDto destination, string destMember, ResolutionContext context) =>
            urls.For(source.FileLocation);
    }

    private sealed class ThumbUrlResolver(IPublicUrls urls) : IValueResolver<Attachment, AttachmentDto, string>
    {
        public string Resolve(Attachment source, AttachmentDto destination, string destMember, ResolutionContext context) =>
            source.ThumbLocation is { } thumb ? urls.For(thumb) : string.Empty;
    }
}
