namespace Attachments.Application.Common.Models;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
