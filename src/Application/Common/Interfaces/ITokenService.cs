using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;

namespace Attachments.Application.Common.Interfaces;

public interface ITokenService
{
    /// <summary>The claim type each of the user's permissions is issued (and required) in.</summary>
    const string PermissionClaim = "perm";

    IssuedToken Issue(User user);
}
