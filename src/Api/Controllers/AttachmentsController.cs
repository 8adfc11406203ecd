using Attachments.Api.Envelope;
using Attachments.Api.Uploads;
using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Common;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Controllers;

[Route("api/attachment")]
public sealed class AttachmentsController : ApiControllerBase
{
    [HttpPost("upload")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [DisableFormValueModelBinding]
    [DisableRequestSizeLimit]
    public async Task<ApiResponse<AttachmentDto>> Upload(UploadForm form, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(
            new UploadAttachmentCommand(form.File, form.GetInt64("category_id"), form.GetInt64("id")), cancellationToken));
}
