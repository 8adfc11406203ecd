namespace Attachments.Application.Common.Interfaces;

public interface ICurrentUser
{
    long? Id { get; }
}
