using Microsoft.AspNetCore.Http.Features;

namespace Attachments.Api.Observability;

/// <summary>
/// Gives each request its id as its context is made. ASP.NET Core's hosting log scope copies
/// <see cref="HttpContext.TraceIdentifier"/> (as <c>RequestId</c>) right after this, before any middleware
/// runs, so setting it here is what puts the same id on every log line of the request.
/// </summary>
public sealed class RequestIdHttpContextFactory(IServiceProvider services) : IHttpContextFactory
{
    private readonly DefaultHttpContextFactory _inner = new(services);

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        var context = _inner.Create(featureCollection);
        context.TraceIdentifier = RequestIds.For(context.Request.Headers);
        return context;
    }

    public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
}
