namespace Attachments.Application.Common.Exceptions;

public class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException()
        : base("The upload is larger than allowed.")
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
