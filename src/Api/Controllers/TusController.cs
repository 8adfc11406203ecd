using System.Globalization;
using Attachments.Api.RateLimiting;
using Attachments.Api.Tus;
using Attachments.Api.Uploads;
using Attachments.Application.Attachments.Commands.AppendResumableUpload;
using Attachments.Application.Attachments.Commands.CreateResumableUpload;
using Attachments.Application.Attachments.Commands.TerminateResumableUpload;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Attachments.Queries.GetResumableUpload;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Options;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Controllers;

/// <summary>
/// Resumable uploads, tus 1.0 with creation, termination and expiration (docs/api/tus.md,
/// docs/decisions/028-tus-uploads.md). Answers carry tus headers and empty bodies; refusals the usual envelope. Left out
/// of the OpenAPI document: tus clients follow the protocol, not a generated client.
/// </summary>
[Route("api/tus")]
[ApiExplorerSettings(IgnoreApi = true)]
[Authorize(Policy = Permissions.AttachmentUpload)]
[TusResumable]
public sealed class TusController(IOptions<UploadOptions> uploads) : ApiControllerBase
{
    [HttpOptions("")]
    [HttpOptions("{id}")]
    [AllowAnonymous]
    public IActionResult Discover()
    {
        Response.Headers[TusProtocol.SupportedVersions] = TusProtocol.Version;
        Response.Headers[TusProtocol.Extension] = TusProtocol.Extensions;
        Response.Headers[TusProtocol.MaxSize] = uploads.Value.MaxFileSizeBytes.ToString(CultureInfo.InvariantCulture);
        return NoContent();
    }

    [HttpPost("")]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        if (Request.Headers.ContainsKey(TusProtocol.UploadDeferLength))
            throw new ValidationException("Upload-Defer-Length is not supported here: send Upload-Length, the file's size in bytes.");

        var length = TusProtocol.NumberHeader(Request, TusProtocol.UploadLength);
        var header = Request.Headers[TusProtocol.UploadMetadata].ToString();
        var metadata = TusProtocol.ParseMetadata(header);
        var upload = await Mediator.Send(new CreateResumableUploadCommand(
            length, metadata.GetValueOrDefault("filename", string.Empty), CategoryOf(metadata), header.Length == 0 ? null : header), cancellationToken);

        Response.Headers.Location = $"{Request.PathBase}{TusProtocol.BasePath}/{upload.Id:N}";
        WriteState(upload);
        return StatusCode(StatusCodes.Status201Created);
    }

    [HttpHead("{id}")]
    public async Task<IActionResult> Status(Guid id, CancellationToken cancellationToken)
    {
        var upload = await Mediator.Send(new GetResumableUploadQuery(id), cancellationToken);
        WriteState(upload);
        Response.Headers[TusProtocol.UploadLength] = upload.Length.ToString(CultureInfo.InvariantCulture);
        if (upload.Metadata is not null)
            Response.Headers[TusProtocol.UploadMetadata] = upload.Metadata;

        Response.Headers.CacheControl = "no-store";
        return Ok();
    }

    /// <summary>
    /// Bytes from Upload-Offset on. The request's own token is not passed on: a client that goes away ends the body
    /// early, and what arrived is still kept (<see cref="ReceivedBytesStream"/>).
    /// </summary>
    [HttpPatch("{id}")]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    [DisableRequestSizeLimit]
    [FileSizeBodyLimit]
    [DisableRequestTimeout]
    public async Task<IActionResult> Append(Guid id, [FromServices] IHostApplicationLifetime lifetime)
    {
        if (!string.Equals(Request.ContentType, TusProtocol.OctetStream, StringComparison.OrdinalIgnoreCase))
            throw new UnsupportedMediaTypeException($"Send the bytes of a PATCH as Content-Type: {TusProtocol.OctetStream}.");

        var offset = TusProtocol.NumberHeader(Request, TusProtocol.UploadOffset);
        var upload = await Mediator.Send(new AppendResumableUploadCommand(id, offset, new ReceivedBytesStream(Request.Body)), lifetime.ApplicationStopping);
        WriteState(upload);
        return NoContent();
    }

    [HttpDelete("{id}")]
    public async Task<IActionResult> Terminate(Guid id, CancellationToken cancellationToken)
    {
        await Mediator.Send(new TerminateResumableUploadCommand(id), cancellationToken);
        return NoContent();
    }

    private void WriteState(ResumableUploadDto upload)
    {
        Response.Headers[TusProtocol.UploadOffset] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        Response.Headers[TusProtocol.UploadExpires] = TusProtocol.HttpDate(upload.ExpiresAt);
        if (upload.AttachmentId is { } attachmentId)
            Response.Headers[TusProtocol.UploadAttachmentId] = attachmentId.ToString(CultureInfo.InvariantCulture);
    }

    private static long? CategoryOf(Dictionary<string, string> metadata) =>
        !metadata.TryGetValue("category_id", out var value) || value.Length == 0 ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new ValidationException($"The category_id metadata must be a category's id, a whole number (got '{value}').");
}
