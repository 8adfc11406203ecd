using System.Globalization;
using Attachments.Api.Envelope;
using Attachments.Application.Common.Exceptions;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Every endpoint except uploads and streamed lists gets <see cref="ServerLimitOptions.RequestTimeout"/>: its
/// cancellation token fires, and the request is answered 503 in the envelope of its dialect.
/// </summary>
public static class RequestTimeouts
{
    public static IServiceCollection AddRequestTimeoutPolicy(this IServiceCollection services)
    {
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<ServerLimitOptions>>((timeouts, server) =>
            timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = server.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = WriteTimedOutAsync,
            });
        services.Configure<MvcOptions>(mvc => mvc.Conventions.Add(new NoRequestTimeoutForUploadsAndStreams()));
        return services;
    }

    private static Task WriteTimedOutAsync(HttpContext http)
    {
        // Here RequestAborted is the token that just timed out; the middleware restores the client's after this returns.
        http.RequestAborted = CancellationToken.None;
        var timeout = http.RequestServices.GetRequiredService<IOptions<ServerLimitOptions>>().Value.RequestTimeout;
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestTimeouts)).LogWarning(
            "{Method} {Path} took longer than the request timeout of {Timeout} and was answered 503", http.Request.Method, http.Request.Path, timeout);
        return http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
            http,
            StatusCodes.Status503ServiceUnavailable,
            $"The request took longer than {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds and was stopped; try again shortly.",
            ServiceUnavailableException.DefaultRetryAfter);
    }

    /// <summary>
    /// Exempts the actions whose time grows with the data rather than with the work: those that lift the body size
    /// limit take large uploads, which rightly take long on a slow link, and those that stream an
    /// <see cref="IAsyncEnumerable{T}"/> write rows as they are read, so a long list would be cut off half-way.
    /// Kestrel's minimum body and response data rates guard them instead.
    /// </summary>
    private sealed class NoRequestTimeoutForUploadsAndStreams : IActionModelConvention
    {
        public void Apply(ActionModel action)
        {
            if (!action.Attributes.OfType<DisableRequestSizeLimitAttribute>().Any() && !IsStreamed(action.ActionMethod.ReturnType))
                return;

            foreach (var selector in action.Selectors)
                selector.EndpointMetadata.Add(new DisableRequestTimeoutAttribute());
        }

        private static bool IsStreamed(Type type) =>
            type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>) || type.GetGenericArguments().Any(IsStreamed));
    }
}
