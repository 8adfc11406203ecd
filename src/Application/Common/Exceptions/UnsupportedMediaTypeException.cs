namespace Attachments.Application.Common.Exceptions;

public class UnsupportedMediaTypeException : Exception
{
    public UnsupportedMediaTypeException()
        : base("This type of file is not allowed.")
    {
    }

    public UnsupportedMediaTypeException(string message)
        : base(message)
    {
    }

    public UnsupportedMediaTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
