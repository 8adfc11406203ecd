using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>URLs from Storage:PublicBaseUrl when set (a CDN, a proxy), else from the request being answered.</summary>
public sealed class RequestPublicUrls(IHttpContextAccessor accessor, IOptions<PublicFilesOptions> storage) : IPublicUrls
{
    public string For(string location)
    {
        var path = string.Join('/', location.Split('/').Select(Uri.EscapeDataString));
        return BaseUrl() + "/" + storage.Value.PublicKeyPrefix + path;
    }

    private string BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(storage.Value.PublicBaseUrl))
            return storage.Value.PublicBaseUrl.TrimEnd('/');

        var request = accessor.HttpContext?.Request
            ?? throw new InvalidOperationException("Storage:PublicBaseUrl must be set to build URLs outside a request.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
