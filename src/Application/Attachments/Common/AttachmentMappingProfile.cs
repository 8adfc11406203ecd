using Attachments.Application.Delivery;
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
            .ForMember(d => d.Visibility, o => o.MapFrom(s => Visibilities.Name(s.Visibility)))
            .ForMember(d => d.Blurhash, o => o.MapFrom(s => s.BlurHash))
            .ForMember(d => d.Logo, o => o.MapFrom<LogoResolver>())
            .ForMember(d => d.Thumb, o => o.MapFrom<ThumbResolver>())
            .ForMember(d => d.Srcset, o => o.MapFrom<SrcsetResolver>())
            .ForMember(d => d.Sizes, o => o.MapFrom<SizesResolver>())
            .ForMember(d => d.DeletedTime, o => o.Ignore());

        // A trashed attachment has no URLs: nothing serves its files until it is restored.
        CreateMap<TrashedAttachment, AttachmentDto>()
            .ForMember(d => d.CategoryId, o => o.MapFrom(s => s.CategoryId ?? 0))
            .ForMember(d => d.UserId, o => o.MapFrom(s => s.UserId ?? 0))
            .ForMember(d => d.IsImage, o => o.MapFrom(s => s.IsImage ? 1 : 0))
            .ForMember(d => d.Status, o => o.MapFrom(s => (int)s.Status))
            .ForMember(d => d.CreatedTime, o => o.MapFrom(s => s.CreatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.UpdatedTime, o => o.MapFrom(s => s.UpdatedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.Visibility, o => o.MapFrom(s => Visibilities.Name(s.Visibility)))
            .ForMember(d => d.Blurhash, o => o.MapFrom(s => s.BlurHash))
            .ForMember(d => d.DeletedTime, o => o.MapFrom(s => s.DeletedTime.ToUnixTimeSeconds()))
            .ForMember(d => d.Logo, o => o.Ignore())
            .ForMember(d => d.Thumb, o => o.Ignore())
            .ForMember(d => d.Srcset, o => o.Ignore())
            .ForMember(d => d.Sizes, o => o.Ignore());
    }

    private sealed class LogoResolver(DeliveryUrls urls) : IValueResolver<Attachment, AttachmentDto, string>
    {
        public string Resolve(Attachment source, AttachmentDto destination, string destMember, ResolutionContext context) => urls.File(source);
    }

    private sealed class ThumbResolver(DeliveryUrls urls) : IValueResolver<Attachment, AttachmentDto, string>
    {
        public string Resolve(Attachment source, AttachmentDto destination, string destMember, ResolutionContext context) => urls.Thumb(source);
    }

    private sealed class SrcsetResolver(DeliveryUrls urls) : IValueResolver<Attachment, AttachmentDto, string>
    {
        public string Resolve(Attachment source, AttachmentDto destination, string destMember, ResolutionContext context) => urls.Srcset(source);
    }

    private sealed class SizesResolver(DeliveryUrls urls) : IValueResolver<Attachment, AttachmentDto, IReadOnlyDictionary<string, SizeUrl>>
    {
        public IReadOnlyDictionary<string, SizeUrl> Resolve(
            Attachment source, AttachmentDto destination, IReadOnlyDictionary<string, SizeUrl> destMember, ResolutionContext context) =>
            urls.Sizes(source);
    }
}
