using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>Starts indexing files under uploads/ that have no row, processing the images indexed as found, then building missing thumbnails.</summary>
public sealed record ScanUploadsCommand : IRequest<JobDto>;

public sealed class ScanUploadsCommandHandler(IBackgroundJobs jobs) : IRequestHandler<ScanUploadsCommand, JobDto>
{
    public Task<JobDto> Handle(ScanUploadsCommand request, CancellationToken cancellationToken) =>
        Task.FromResult(jobs.Start<ScanUploadsJob>(JobKinds.Scan));
}
