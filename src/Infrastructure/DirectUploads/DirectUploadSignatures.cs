using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attachments.Application.Common.Exceptions;
using Attachments.Infrastructure.Identity;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.DirectUploads;

/// <summary>
/// The signature on the service's own upload URLs: HMAC-SHA256 of the upload id and expiry, with a key derived from
/// <c>Auth:SigningKey</c> for this one purpose, so a URL's signature can never pass for a token's or the reverse.
/// </summary>
public sealed class DirectUploadSignatures(IOptions<AuthOptions> auth, TimeProvider time)
{
    private static readonly byte[] Purpose = "attachments/direct-upload-url/v1"u8.ToArray();

    private readonly Lazy<byte[]> _key = new(() => HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.SigningKey), Purpose));

    public string Sign(Guid uploadId, long expires) => Base64Url.EncodeToString(Mac(uploadId, expires));

    /// <exception cref="ForbiddenAccessException">The signature is missing or wrong, or the URL has expired.</exception>
    public void Check(Guid uploadId, long? expires, string? signature)
    {
        const string useTheUrl = "use the url exactly as POST /api/attachment/upload/presign answered it.";
        if (expires is null || string.IsNullOrEmpty(signature))
            throw new ForbiddenAccessException("This upload URL lacks its expires and s parameters; " + useTheUrl);

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes + 1];
        if (!Base64Url.TryDecodeFromChars(signature, given, out var length)
            || !CryptographicOperations.FixedTimeEquals(given[..length], Mac(uploadId, expires.Value)))
        {
            throw new ForbiddenAccessException("This upload URL's signature does not match it (it was changed, or signed with another key); " + useTheUrl);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires.Value, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (expiresAt <= time.GetUtcNow())
        {
            throw new ForbiddenAccessException(
                $"This upload URL expired at {expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}; " +
                "presign the upload again with POST /api/attachment/upload/presign.");
        }
    }

    private byte[] Mac(Guid uploadId, long expires) =>
        HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{uploadId:D}\n{expires}")));
}
