using System.Text;
using Attachments.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Attachments.IntegrationTests.Auth;

/// <summary>Tokens made outside the API, to see which ones it accepts.</summary>
internal static class TestTokens
{
    public const string Issuer = "attachments";
    public const string Audience = "attachments-admin";

    /// <summary>What the API itself would issue for the bootstrap admin; tests change one thing at a time.</summary>
    public static SecurityTokenDescriptor ForAdmin()
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = "1",
                [JwtRegisteredClaimNames.UniqueName] = AttachmentsApiFactory.AdminUserName,
            },
            SigningCredentials = SignedWith(AttachmentsApiFactory.SigningKey),
        };
    }

    public static SigningCredentials SignedWith(string key) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);

    public static string Create(SecurityTokenDescriptor descriptor) => new JsonWebTokenHandler().CreateToken(descriptor);

    public static string Create(Action<SecurityTokenDescriptor> change)
    {
        var descriptor = ForAdmin();
        change(descriptor);
        return Create(descriptor);
    }

    public static string ExpiredAgo(TimeSpan age) => Create(d =>
    {
        var expires = DateTime.UtcNow - age;
        d.IssuedAt = expires.AddHours(-1);
        d.NotBefore = expires.AddHours(-1);
        d.Expires = expires;
    });

    /// <summary>
    /// The same claims under another header, signed by <paramref name="sign"/>; for algorithms the token library
    /// refuses to produce with this key (HS512 wants a 512-bit key).
    /// </summary>
    public static string Resigned(string token, string headerJson, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{Base64UrlEncoder.Encode(headerJson)}.{token.Split('.')[1]}";
        return $"{signingInput}.{Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    public static string HeaderOf(string token) => Decode(token.Split('.')[0]);

    public static string PayloadOf(string token) => Decode(token.Split('.')[1]);

    private static string Decode(string segment) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment));
}
