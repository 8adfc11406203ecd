using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using AutoMapper;
using MediatR;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>Starts regenerating every image's thumbnail with the current Images:Thumb* settings.</summary>
public sealed record RebuildThumbnailsCommand : IRequest<JobDto>;

public sealed class RebuildThumbnailsCommandHandler(IBackgroundJobs jobs, IMapper mapper) : IRequestHandler<RebuildThumbnailsCommand, JobDto>
{
    public async Task<JobDto> Handle(RebuildThumbnailsCommand request, CancellationToken cancellationToken) =>
        mapper.Map<JobDto>(await jobs.StartAsync(JobKinds.ThumbRebuild, cancellationToken));
}
