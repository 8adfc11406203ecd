namespace Attachments.Application.Common.Exceptions;

/// <summary>A dependency or a bounded resource cannot take the request now; the client should retry after <see cref="RetryAfter"/>.</summary>
public class ServiceUnavailableException : Exception
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public ServiceUnavailableException()
        : this("The service cannot take this request right now; try again shortly.")
    {
    }

    public ServiceUnavailableException(string message)
        : this(message, DefaultRetryAfter)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        RetryAfter = DefaultRetryAfter;
    }

    public ServiceUnavailableException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan RetryAfter { get; }
}
