namespace Attachments.Application.Common.Exceptions;

public class NotFoundException : Exception
{
    public NotFoundException()
        : base("The requested item does not exist.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
