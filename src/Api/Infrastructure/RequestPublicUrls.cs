using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>URLs from Storage:PublicBaseUrl when set (a CDN, a proxy), else from the request being answered.</summary>
public sealed class RequestPublicUrls(IHttpContextAccessor accessor, IOptions<PublicFilesOptions> storage) : IPublicUrls
{
    public string For(string location) => BaseUrl(usePublicBase: true) + "/" + storage.Value.PublicKeyPrefix + Escaped(location);

    // With S3, Storage:PublicBaseUrl is the bucket's (or its CDN's): only the request names the service itself.
    public string OnService(string location, string query) =>
        BaseUrl(usePublicBase: storage.Value.Provider == StorageProvider.Disk) + "/" + Escaped(location) + (query.Length == 0 ? "" : "?" + query);

    private static string Escaped(string location) => string.Join('/', location.Split('/').Select(Uri.EscapeDataString));

    private string BaseUrl(bool usePublicBase)
    {
        if (usePublicBase && !string.IsNullOrWhiteSpace(storage.Value.PublicBaseUrl))
            return storage.Value.PublicBaseUrl.TrimEnd('/');

        var request = accessor.HttpContext?.Request
            ?? throw new InvalidOperationException("Storage:PublicBaseUrl must be set to build URLs outside a request.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
