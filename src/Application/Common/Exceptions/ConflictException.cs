namespace Attachments.Application.Common.Exceptions;

public class ConflictException : Exception
{
    public ConflictException()
        : base("The request conflicts with the current state.")
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
