using Attachments.Api.Envelope;
using Attachments.Api.RateLimiting;
using Attachments.Api.Uploads;
using Attachments.Application.Attachments.Commands.CompleteDirectUpload;
using Attachments.Application.Attachments.Commands.PresignUpload;
using Attachments.Application.Attachments.Commands.ReceiveDirectUpload;
using Attachments.Application.Attachments.Common;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Attachments.Api.Controllers;

/// <summary>Uploads whose bytes go straight to storage: presign, send the bytes to the URL, complete (docs/decisions/020-direct-uploads.md).</summary>
[Route("api/attachment/upload")]
public sealed class DirectUploadsController : ApiControllerBase
{
    [HttpPost("presign")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    public async Task<ApiResponse<DirectUploadDto>> Presign(PresignUploadRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(
            new PresignUploadCommand(request.FileName ?? string.Empty, request.FileSize ?? 0, request.CategoryId), cancellationToken));

    /// <summary>The URL presign answers when files are on disk. Its signature is the credential, as a bucket's presigned URL's is: no token.</summary>
    [HttpPut("direct/{upload_id:guid}")]
    [AllowAnonymous]
    [DisableRequestSizeLimit]
    [FileSizeBodyLimit]
    public async Task<ApiResponse<object?>> Receive(
        [FromRoute(Name = "upload_id")] Guid uploadId,
        [FromQuery(Name = "expires")] long? expires,
        [FromQuery(Name = "s")] string? signature,
        CancellationToken cancellationToken)
    {
        await Mediator.Send(new ReceiveDirectUploadCommand(uploadId, expires, signature, Request.Body, Request.ContentLength), cancellationToken);
        return ApiResponse.Ok<object?>(null);
    }

    /// <summary>Reading a large file back and processing it takes as long as an upload does, so no request timeout either.</summary>
    [HttpPost("complete")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    [DisableRequestTimeout]
    public async Task<ApiResponse<AttachmentDto>> Complete(CompleteUploadRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new CompleteDirectUploadCommand(request.UploadId ?? Guid.Empty), cancellationToken));
}

public sealed record PresignUploadRequest(string? FileName, long? FileSize, long? CategoryId);

public sealed record CompleteUploadRequest(Guid? UploadId);
