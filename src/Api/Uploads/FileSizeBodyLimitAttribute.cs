using Attachments.Application.Common.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Uploads;

/// <summary>
/// A body that is the file itself may be up to <c>Upload:MaxFileSizeBytes</c>, whatever Kestrel's default; the action
/// carries <c>[DisableRequestSizeLimit]</c> as well, which keeps the request timeout off it as off every upload.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FileSizeBodyLimitAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var http = context.HttpContext;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = http.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value.MaxFileSizeBytes;
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
