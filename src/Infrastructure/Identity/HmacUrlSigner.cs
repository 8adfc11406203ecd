using System.Security.Cryptography;
using System.Text;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Identity;

/// <summary>
/// HMAC-SHA256 of <c>&lt;location&gt;?&lt;canonical query&gt;</c>, base64url, with <c>Images:TransformKey</c>; without one, with a key
/// derived from <c>Auth:SigningKey</c> for this purpose alone, so that a URL signature never works as a token one.
/// </summary>
public sealed class HmacUrlSigner(IOptions<ImageOptions> images, IOptions<AuthOptions> auth) : IUrlSigner
{
    private readonly byte[] _key = string.IsNullOrEmpty(images.Value.TransformKey)
        ? HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.SigningKey), "attachments URL signatures"u8)
        : Encoding.UTF8.GetBytes(images.Value.TransformKey);

    public string Sign(string location, string canonicalQuery) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(location + "?" + canonicalQuery)));

    public bool IsValid(string location, string canonicalQuery, string? signature) =>
        signature is { Length: > 0 and < 100 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(location, canonicalQuery)), Encoding.ASCII.GetBytes(signature));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
