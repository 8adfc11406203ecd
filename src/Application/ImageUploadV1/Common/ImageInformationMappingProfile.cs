using Attachments.Application.Delivery;
using Attachments.Domain.Entities;
using AutoMapper;

namespace Attachments.Application.ImageUploadV1.Common;

public sealed class ImageInformationMappingProfile : Profile
{
    public ImageInformationMappingProfile()
    {
        CreateMap<Attachment, ImageInformationDto>()
            .ForMember(d => d.FileName, o => o.MapFrom(s => s.StoredName))
            .ForMember(d => d.FileLinkPath, o => o.MapFrom(s => s.FileLocation))
            .ForMember(d => d.Size, o => o.MapFrom(s => s.FileSize))
            .ForMember(d => d.CreateTime, o => o.MapFrom(s => WholeSecondsUtc(s.CreatedTime)))
            .ForMember(d => d.UpdateTime, o => o.MapFrom(s => WholeSecondsUtc(s.UpdatedTime)))
            .ForMember(d => d.MediaLink, o => o.MapFrom<MediaLinkResolver>());
    }

    // A UTC DateTime without fractions serialises as "2026-11-22T14:15:22Z", the form the v1 clients parse.
    private static DateTime WholeSecondsUtc(DateTimeOffset time) =>
        DateTime.SpecifyKind(DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds()).UtcDateTime, DateTimeKind.Utc);

    // A private file's link is signed, like the Attachment API's.
    private sealed class MediaLinkResolver(DeliveryUrls urls) : IValueResolver<Attachment, ImageInformationDto, string>
    {
        public string Resolve(Attachment source, ImageInformationDto destination, string destMember, ResolutionContext context) =>
            urls.File(source);
    }
}
