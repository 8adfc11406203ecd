using Attachments.Domain.Entities;

namespace Attachments.Application.Common.Interfaces;

public interface IPasswordHasher
{
    string Hash(User user, string password);

    bool Verify(User user, string password);
}
