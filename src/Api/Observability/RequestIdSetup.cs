using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attachments.Api.Observability;

public static class RequestIdSetup
{
    public static IServiceCollection AddRequestIds(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IHttpContextFactory, RequestIdHttpContextFactory>());
        return services;
    }

    /// <summary>Echoes the request id on every response; first in the pipeline so errors, 404s, 429s and files get it too.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // At OnStarting, since the exception handler clears headers set earlier.
            context.Response.OnStarting(
                static state =>
                {
                    var http = (HttpContext)state;
                    http.Response.Headers[RequestIds.HeaderName] = http.TraceIdentifier;
                    return Task.CompletedTask;
                },
                context);
            return next(context);
        });
}
