namespace Attachments.Application.Common.Interfaces;

/// <summary>Counts requests answered with an error envelope, for the metrics endpoint.</summary>
public interface IRejectionMetrics
{
    /// <param name="dialect">One of <see cref="ApiDialects"/>.</param>
    void Rejected(int statusCode, string reason, string dialect);
}
