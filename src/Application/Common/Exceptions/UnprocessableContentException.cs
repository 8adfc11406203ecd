namespace Attachments.Application.Common.Exceptions;

public class UnprocessableContentException : Exception
{
    public UnprocessableContentException()
        : base("The file could not be processed.")
    {
    }

    public UnprocessableContentException(string message)
        : base(message)
    {
    }

    public UnprocessableContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
