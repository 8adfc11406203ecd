namespace Attachments.Application.Common.Exceptions;

public class UnauthenticatedException : Exception
{
    public UnauthenticatedException()
        : base("Please log in.")
    {
    }

    public UnauthenticatedException(string message)
        : base(message)
    {
    }

    public UnauthenticatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
