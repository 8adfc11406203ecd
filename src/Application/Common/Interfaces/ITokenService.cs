using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Common.Interfaces;

public interface ITokenService
{
    IssuedToken Issue(User user);
}
