using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;

namespace Attachments.Application.Attachments.Commands.RebuildThumbnails;

/// <summary>Starts regenerating every image's thumbnail with the current Images:Thumb* settings.</summary>
public sealed record RebuildThumbnailsCommand : IRequest<JobDto>;

public sealed class RebuildThumbnailsCommandHandler(IBackgroundJobs jobs) : IRequestHandler<RebuildThumbnailsCommand, JobDto>
{
    public Task<JobDto> Handle(RebuildThumbnailsCommand request, CancellationToken cancellationToken) =>
        Task.FromResult(jobs.Start<RebuildThumbnailsJob>(JobKinds.ThumbRebuild));
}
