using Attachments.Api.Envelope;
using Attachments.Application.Attachments.Commands.RebuildThumbnails;
using Attachments.Application.Attachments.Commands.ScanUploads;
using Attachments.Application.Jobs.Common;
using Attachments.Application.Jobs.Queries.GetJob;
using Attachments.Application.Jobs.Queries.ListJobs;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Controllers;

[Route("api/attachment")]
[Authorize(Policy = Permissions.AttachmentManage)]
public sealed class JobsController : ApiControllerBase
{
    [HttpPost("scan")]
    [ProducesResponseType<ApiResponse<JobDto>>(StatusCodes.Status202Accepted)]
    public async Task<AcceptedResult> Scan(CancellationToken cancellationToken) =>
        Started(await Mediator.Send(new ScanUploadsCommand(), cancellationToken));

    [HttpPost("thumb/rebuild")]
    [ProducesResponseType<ApiResponse<JobDto>>(StatusCodes.Status202Accepted)]
    public async Task<AcceptedResult> RebuildThumbnails(CancellationToken cancellationToken) =>
        Started(await Mediator.Send(new RebuildThumbnailsCommand(), cancellationToken));

    [HttpGet("jobs/{id}")]
    public async Task<ApiResponse<JobDto>> Job(string id, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new GetJobQuery(id), cancellationToken));

    [HttpGet("jobs")]
    public async Task<ApiListResponse<JobDto>> Jobs(CancellationToken cancellationToken)
    {
        var jobs = await Mediator.Send(new ListJobsQuery(), cancellationToken);
        return new ApiListResponse<JobDto>(jobs, jobs.Count, jobs.Count);
    }

    // 202: the work goes on after the response; Location is where its status is polled.
    private AcceptedResult Started(JobDto job) => Accepted($"/api/attachment/jobs/{job.Id}", ApiResponse.Ok(job));
}
