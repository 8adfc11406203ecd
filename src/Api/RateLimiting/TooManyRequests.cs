using System.Threading.RateLimiting;
using Attachments.Api.Envelope;

namespace Attachments.Api.RateLimiting;

/// <summary>The 429 answer of every limit: Retry-After and the envelope of the request's dialect.</summary>
internal static class TooManyRequests
{
    public static async ValueTask WriteAsync(HttpContext http, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        await http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(
            http, StatusCodes.Status429TooManyRequests,
            $"Too many requests; try again in {EnvelopeWriter.RetryAfterSeconds(wait)} seconds.", wait);
    }
}
