using Attachments.Application.Common.Interfaces;

namespace Attachments.Application.FunctionalTests.Support;

/// <summary>The uploader the Api would take from the bearer token.</summary>
internal sealed class TestUser : ICurrentUser
{
    public long? Id { get; set; }
}

/// <summary>The dialect the Api would take from the endpoint: every command here comes in as the CMS API.</summary>
internal sealed class TestApiDialect : IApiDialect
{
    public string Name => ApiDialects.Cms;
}

/// <summary>Links as the Api builds them with Storage:PublicBaseUrl set, so that no request is needed.</summary>
internal sealed class TestPublicUrls(string baseUrl) : IPublicUrls
{
    public string For(string location) =>
        baseUrl + "/" + string.Join('/', location.Split('/').Select(Uri.EscapeDataString));

    public string OnService(string location, string query) => For(location) + (query.Length == 0 ? "" : "?" + query);
}
