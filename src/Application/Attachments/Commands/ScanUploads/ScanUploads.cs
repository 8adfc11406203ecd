using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using AutoMapper;
using MediatR;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>Starts indexing files under uploads/ that have no row, processing the images indexed as found, then building missing thumbnails.</summary>
public sealed record ScanUploadsCommand : IRequest<JobDto>;

public sealed class ScanUploadsCommandHandler(IBackgroundJobs jobs, IMapper mapper) : IRequestHandler<ScanUploadsCommand, JobDto>
{
    public async Task<JobDto> Handle(ScanUploadsCommand request, CancellationToken cancellationToken) =>
        mapper.Map<JobDto>(await jobs.StartAsync(JobKinds.Scan, cancellationToken));
}
