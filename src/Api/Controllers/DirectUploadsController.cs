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
    /// <summary>
    /// Answers where to send the file's bytes (`url`, with `method` and `headers`) and the `upload_id` to complete the
    /// upload with, until `expires_at`. The size limit and the checks of `file_name` and `category_id` are an upload's.
    /// </summary>
    [HttpPost("presign")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    public async Task<ApiResponse<DirectUploadDto>> Presign(PresignUploadRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(
            new PresignUploadCommand(request.FileName ?? string.Empty, request.FileSize ?? 0, request.CategoryId), cancellationToken));

    /// <summary>
    /// Where presign's `url` points when files are kept on disk; with a storage bucket it points at the bucket instead, so
    /// send the bytes to that `url` with its `method` and `headers` rather than building this address. The URL's
    /// signature is its credential, as a bucket's presigned URL's is: no token. Sending again replaces what was sent
    /// before, until the upload is completed.
    /// </summary>
    [HttpPut("direct/{upload_id}")]
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

    /// <summary>
    /// Stores what was sent to the URL exactly as POST /api/attachment/upload stores a file, and answers the same
    /// attachment object (the existing one for bytes already stored). Only the user who presigned may complete (404 for
    /// others); completing again answers the same attachment until the upload expires. A refused file (400 when its
    /// size is not the one presigned, 413, 415, 422) is deleted; 409 when nothing was sent yet.
    /// </summary>
    // Reading a large file back and processing it takes as long as an upload does, so no request timeout either.
    [HttpPost("complete")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    [DisableRequestTimeout]
    public async Task<ApiResponse<AttachmentDto>> Complete(CompleteUploadRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new CompleteDirectUploadCommand(request.UploadId ?? Guid.Empty), cancellationToken));
}

public sealed record PresignUploadRequest(string? FileName, long? FileSize, long? CategoryId);

public sealed record CompleteUploadRequest(Guid? UploadId);
