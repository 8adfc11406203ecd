using System.Security.Cryptography;
using System.Text;
using Attachments.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Attachments.Api.Composition;

/// <summary>Validates bearer tokens as <see cref="JwtTokenService"/> issues them, with the checked <c>Auth:SigningKey</c>.</summary>
public static class TokenValidationSetup
{
    public static IServiceCollection AddTokenValidation(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        auth.SigningKey = CheckedSigningKey(auth.SigningKey, environment);
        services.PostConfigure<AuthOptions>(o => o.SigningKey = auth.SigningKey);

        services.Configure<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme,
            options => options.TokenValidationParameters = JwtTokenService.ValidationParameters(auth));
        return services;
    }

    private static string CheckedSigningKey(string key, IHostEnvironment environment)
    {
        if (Encoding.UTF8.GetByteCount(key) >= AuthOptions.MinimumSigningKeyBytes)
            return key;

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey (environment variable Auth__SigningKey) must be at least {AuthOptions.MinimumSigningKeyBytes} bytes; " +
                "generate one with: openssl rand -base64 48");
        }

        // Development only: tokens stop working at every restart, which is acceptable there.
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    }
}
