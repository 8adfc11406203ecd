using System.Globalization;
using System.Threading.RateLimiting;
using Attachments.Api.Envelope;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.RateLimiting;

/// <summary>The 429 answer of every limit: Retry-After and the envelope of the request's dialect.</summary>
internal static class TooManyRequests
{
    public static async ValueTask WriteAsync(HttpContext http, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
            http, StatusCodes.Status429TooManyRequests, $"Too many requests; try again in {seconds} seconds.");
    }
}
