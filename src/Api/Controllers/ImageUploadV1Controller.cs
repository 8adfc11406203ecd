using Attachments.Api.Envelope;
using Attachments.Api.RateLimiting;
using Attachments.Api.Uploads;
using Attachments.Application.ImageUploadV1.Commands.DeleteImage;
using Attachments.Application.ImageUploadV1.Common;
using Attachments.Application.ImageUploadV1.Queries.GetAllImages;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Attachments.Api.Controllers;

/// <summary>The Image Upload API v1 at its original root paths, answering in its <c>{message, data}</c> envelope.</summary>
[Route("")]
public sealed class ImageUploadV1Controller : ApiControllerBase
{
    [HttpPost("UploadImage")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [DisableFormValueModelBinding]
    [DisableRequestSizeLimit]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    public async Task<CompatResponse<ImageInformationDto>> UploadImage(UploadForm form, CancellationToken cancellationToken)
    {
        using (form)
            return CompatResponse.Ok(await Mediator.Send(form.ToUploadImageCommand(), cancellationToken));
    }

    [HttpDelete("DeleteImage")]
    [Authorize(Policy = Permissions.AttachmentDelete)]
    public async Task<CompatResponse<object?>> DeleteImage([FromQuery(Name = "FileName")] string? fileName, CancellationToken cancellationToken)
    {
        await Mediator.Send(new DeleteImageCommand(fileName ?? string.Empty), cancellationToken);
        return CompatResponse.Ok<object?>(null);
    }

    [HttpGet("GetAllImages")]
    [Authorize]
    public async Task<CompatResponse<IAsyncEnumerable<ImageInformationDto>>> GetAllImages(
        [FromQuery(Name = "page")] int? page, [FromQuery(Name = "pageSize")] int? pageSize, CancellationToken cancellationToken) =>
        CompatResponse.Ok(await Mediator.Send(new GetAllImagesQuery(page, pageSize), cancellationToken));
}
