using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery;
using Attachments.Application.Delivery.Queries.GetServedFile;
using MediatR;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// <c>GET /uploads/&lt;location&gt;</c> with a transform (<c>w, h, fit, fmt, q, dpr</c>) or a signature (<c>s</c>,
/// <c>expires</c>): private files, their thumbnails and every derivative. A derivative not made yet is made here,
/// once per instance however many ask at the same time, in the bounded image queue.
/// </summary>
internal static class SignedFileServer
{
    public static bool Handles(HttpRequest request) =>
        request.Query.Count != 0 && (request.Query.ContainsKey("s") || request.Query.ContainsKey("expires") || ImageTransform.ParameterNames.Any(request.Query.ContainsKey));

    public static async Task ServeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var images = http.RequestServices.GetRequiredService<IOptions<ImageOptions>>().Value;
        var transform = ImageTransform.Parse(name => request.Query.TryGetValue(name, out var value) ? value.ToString() : null, images);
        var served = await http.RequestServices.GetRequiredService<IMediator>().Send(
            new GetServedFileQuery(
                request.Path.Value!.TrimStart('/'), transform, Parameter(request, "expires"), Parameter(request, "s"), request.Headers[HeaderNames.Accept].ToString()),
            http.RequestAborted);
        if (served.Missing is { } missing)
        {
            var made = await http.RequestServices.GetRequiredService<DerivativeFlights>().MakeAsync(missing);
            served = served with { StoredLocation = made.Location, Missing = null };
        }

        await StoredFileResponse.SendAsync(http, served);
    }

    /// <summary>
    /// After the public file servers found nothing: a private file answers 403 with what to do, anything else 404.
    /// Privacy never depends on this (private files are not where those servers look); only the message does.
    /// </summary>
    public static async Task RefuseAsync(HttpContext http)
    {
        var location = http.Request.Path.Value!.TrimStart('/');
        try
        {
            await http.RequestServices.GetRequiredService<IMediator>().Send(new GetServedFileQuery(location, null, null, null, null), http.RequestAborted);
        }
        catch (Exception e) when (e is Application.Common.Exceptions.NotFoundException or Application.Common.Exceptions.ValidationException
            || http.RequestServices.GetRequiredService<IDatabaseFailures>().IsUnavailable(e))
        {
            // No row, or no database to ask: nothing says the file is private, so it is simply not there.
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static string? Parameter(HttpRequest request, string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
