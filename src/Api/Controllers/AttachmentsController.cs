using Attachments.Api.Envelope;
using Attachments.Api.RateLimiting;
using Attachments.Api.Uploads;
using Attachments.Application.Attachments.Commands.DeleteAttachments;
using Attachments.Application.Attachments.Commands.EditAttachment;
using Attachments.Application.Attachments.Commands.RestoreAttachments;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Attachments.Queries.GetAttachment;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.Attachments.Queries.ListTrash;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Delivery.Queries.GetSignedUrl;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Attachments.Api.Controllers;

[Route("api/attachment")]
public sealed class AttachmentsController : ApiControllerBase
{
    [HttpPost("upload")]
    [Authorize(Policy = Permissions.AttachmentUpload)]
    [DisableFormValueModelBinding]
    [DisableRequestSizeLimit]
    [EnableRateLimiting(RateLimitSetup.UploadPolicy)]
    public async Task<ApiResponse<object>> Upload(UploadForm form, CancellationToken cancellationToken)
    {
        using (form)
        {
            return ApiResponse.Ok(form.IsChunk ? (await Mediator.Send(form.ToChunkCommand(), cancellationToken)).Data
                : form.IsReplace ? await Mediator.Send(form.ToReplaceCommand(), cancellationToken)
                : await Mediator.Send(form.ToUploadCommand(), cancellationToken));
        }
    }

    [HttpGet("list")]
    [Authorize]
    public async Task<ApiPageResponse<AttachmentDto>> List([FromQuery] ListAttachmentsRequest request, CancellationToken cancellationToken)
    {
        var page = request.IsTrash()
            ? await Mediator.Send(request.ToTrashQuery(), cancellationToken)
            : await Mediator.Send(request.ToQuery(), cancellationToken);
        return new ApiPageResponse<AttachmentDto>(page.Items, page.Total, page.Limit, page.TotalEstimated, page.Cursor);
    }

    [HttpGet("detail")]
    [Authorize]
    public async Task<ApiResponse<AttachmentDto>> Detail([FromQuery] long id, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new GetAttachmentQuery(id), cancellationToken));

    [HttpPost("edit")]
    [Authorize(Policy = Permissions.AttachmentManage)]
    public async Task<ApiResponse<AttachmentDto>> Edit(EditAttachmentRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new EditAttachmentCommand(
            request.Id, request.FileName, request.FileLocation, request.FocusX, request.FocusY, Visibilities.Parse(request.Visibility),
            request.Alt, request.Caption, request.Tags), cancellationToken));

    /// <summary>A signed URL of the attachment, transformed when asked (w, h, fit, fmt, q, dpr); a private file's expires.</summary>
    [HttpPost("url")]
    [Authorize]
    public async Task<ApiResponse<SignedUrlDto>> SignUrl(SignUrlRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(
            new GetSignedUrlQuery(request.Id, request.W, request.H, request.Fit, request.Fmt, request.Q, request.Dpr), cancellationToken));

    [HttpPost("delete")]
    [Authorize(Policy = Permissions.AttachmentDelete)]
    public async Task<ApiResponse<object?>> Delete(DeleteAttachmentsRequest request, CancellationToken cancellationToken)
    {
        await Mediator.Send(new DeleteAttachmentsCommand(request.AllIds(), request.Permanent == true), cancellationToken);
        return ApiResponse.Ok<object?>(null);
    }

    /// <summary>Brings attachments back from the trash, at the location they had; all of them or, on a 409, none.</summary>
    [HttpPost("restore")]
    [Authorize(Policy = Permissions.AttachmentDelete)]
    public async Task<ApiResponse<IReadOnlyList<AttachmentDto>>> Restore(RestoreAttachmentsRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new RestoreAttachmentsCommand(request.AllIds()), cancellationToken));
}

public sealed class ListAttachmentsRequest
{
    [FromQuery(Name = "current")]
    public int Current { get; init; } = 1;

    [FromQuery(Name = "pageSize")]
    public int PageSize { get; init; } = 20;

    [FromQuery(Name = "category_id")]
    public long? CategoryId { get; init; }

    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    [FromQuery(Name = "type")]
    public string? Type { get; init; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "tag")]
    public string? Tag { get; init; }

    /// <summary><c>1</c> lists the trash instead of the library.</summary>
    [FromQuery(Name = "trashed")]
    public string? Trashed { get; init; }

    public bool IsTrash() => Trashed switch
    {
        null or "" or "0" or "false" => false,
        "1" or "true" when string.IsNullOrEmpty(Cursor) => true,
        "1" or "true" => throw new ValidationException("cursor pages the library; the trash (trashed=1) pages by current."),
        _ => throw new ValidationException("trashed must be 1 (list the trash) or 0 (list the library)."),
    };

    public ListAttachmentsQuery ToQuery() => new(Current, PageSize, CategoryId, Q, Type, Cursor, Tag);

    public ListTrashQuery ToTrashQuery() => new(Current, PageSize, CategoryId, Q, Type, Tag);
}

public sealed record EditAttachmentRequest(
    long Id, string? FileName, string? FileLocation, double? FocusX = null, double? FocusY = null, string? Visibility = null,
    string? Alt = null, string? Caption = null, IReadOnlyList<string>? Tags = null);

public sealed record SignUrlRequest(long Id, int? W = null, int? H = null, string? Fit = null, string? Fmt = null, int? Q = null, decimal? Dpr = null);

/// <param name="Permanent">Delete for ever (from the library or the trash) instead of moving to the trash.</param>
public sealed record DeleteAttachmentsRequest(long? Id, IReadOnlyList<long>? Ids, bool? Permanent = null)
{
    public IReadOnlyList<long> AllIds() => AttachmentIds.Of(Id, Ids);
}

public sealed record RestoreAttachmentsRequest(long? Id, IReadOnlyList<long>? Ids)
{
    public IReadOnlyList<long> AllIds() => AttachmentIds.Of(Id, Ids);
}

internal static class AttachmentIds
{
    /// <summary>The ids of a body that names one (<c>id</c>), several (<c>ids</c>) or both.</summary>
    public static IReadOnlyList<long> Of(long? id, IReadOnlyList<long>? ids) => [.. ids ?? [], .. id is { } one ? [one] : Array.Empty<long>()];
}
