using Attachments.Application.Common.Interfaces;

namespace Attachments.Api.Envelope;

/// <summary>The dialect of the endpoint the request came in through, as its envelope is chosen.</summary>
public sealed class EndpointDialect(IHttpContextAccessor accessor) : IApiDialect
{
    public string Name =>
        accessor.HttpContext is { } http && EnvelopeWriter.IsCompatDialect(http.Request) ? ApiDialects.V1 : ApiDialects.Cms;
}
