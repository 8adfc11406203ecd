using System.Security.Cryptography;
using System.Text;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Attachments.IntegrationTests.Auth;

public sealed class TokenValidationTests : AuthTestBase
{
    [Test]
    public async Task Upload_WithoutToken_Returns401With1001()
    {
        using var response = await UploadAsync(Client, TestFiles.Pdf(), "report.pdf");

        var body = await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(Storage.Files(), Is.Empty);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("/api/login"));
    }

    [Test]
    public async Task Upload_WithTokenFromLogin_IsAccepted()
    {
        using var response = await UploadWithTokenAsync(await LoginAsync(Client));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Upload_WithTokenMintedLikeTheApi_IsAccepted()
    {
        using var response = await UploadWithTokenAsync(TestTokens.Create(TestTokens.ForAdmin()));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Upload_WithTokenExpiredWithinClockSkew_IsAccepted()
    {
        using var response = await UploadWithTokenAsync(TestTokens.ExpiredAgo(TimeSpan.FromSeconds(5)));

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [TestCase("garbage")]
    [TestCase("a.b.c")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.")]
    public async Task Upload_WithGarbageToken_Returns401With1001(string token)
    {
        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenSignedWithAnotherKey_Returns401With1001()
    {
        var token = TestTokens.Create(d => d.SigningCredentials = TestTokens.SignedWith("another-signing-key-of-enough-length-0123456789"));

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenExpiredBeyondClockSkew_Returns401With1001()
    {
        using var response = await UploadWithTokenAsync(TestTokens.ExpiredAgo(TimeSpan.FromSeconds(90)));

        var body = await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("log in again"));
    }

    [Test]
    public async Task Upload_WithTokenNotYetValid_Returns401With1001()
    {
        var token = TestTokens.Create(d =>
        {
            d.NotBefore = DateTime.UtcNow.AddMinutes(10);
            d.Expires = DateTime.UtcNow.AddHours(1);
        });

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenOfAnotherIssuer_Returns401With1001()
    {
        using var response = await UploadWithTokenAsync(TestTokens.Create(d => d.Issuer = "someone-else"));

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenForAnotherAudience_Returns401With1001()
    {
        using var response = await UploadWithTokenAsync(TestTokens.Create(d => d.Audience = "another-app"));

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithUnsignedAlgNoneToken_Returns401With1001()
    {
        var token = TestTokens.Create(d => d.SigningCredentials = null);
        Assert.That(TestTokens.HeaderOf(token), Does.Contain("\"alg\":\"none\""));

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenSignedHs512WithTheRightKey_Returns401With1001()
    {
        var key = Encoding.UTF8.GetBytes(AttachmentsApiFactory.SigningKey);
        var token = TestTokens.Resigned(
            TestTokens.Create(TestTokens.ForAdmin()), """{"alg":"HS512","typ":"JWT"}""", input => HMACSHA512.HashData(key, input));

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenResignedHs256WithTheRightKey_IsAccepted()
    {
        var key = Encoding.UTF8.GetBytes(AttachmentsApiFactory.SigningKey);
        var token = TestTokens.Resigned(
            TestTokens.Create(TestTokens.ForAdmin()), """{"alg":"HS256","typ":"JWT"}""", input => HMACSHA256.HashData(key, input));

        using var response = await UploadWithTokenAsync(token);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Upload_WithValidTokenWhoseHeaderSaysNone_Returns401With1001()
    {
        var token = TestTokens.Resigned(TestTokens.Create(TestTokens.ForAdmin()), """{"alg":"none","typ":"JWT"}""", _ => []);

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenWithoutExpiry_Returns401With1001()
    {
        var descriptor = TestTokens.ForAdmin();
        descriptor.Expires = null;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(descriptor);
        Assert.That(TestTokens.PayloadOf(token), Does.Not.Contain("\"exp\""));

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [TestCase("999")]
    [TestCase("admin")]
    [TestCase("")]
    public async Task Upload_WithTokenForNoExistingUser_Returns401With1001(string subject)
    {
        using var response = await UploadWithTokenAsync(TestTokens.Create(d => d.Claims["sub"] = subject));

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [TestCase("Bearer")]
    [TestCase("Bearer ")]
    [TestCase("bearer")]
    public async Task Upload_WithEmptyBearer_Returns401With1001(string header)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        using var response = await UploadAsync(client, TestFiles.Pdf(), "report.pdf");

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Upload_WithTokenInAnotherScheme_Returns401With1001()
    {
        var token = await LoginAsync(Client);
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Basic {token}");

        using var response = await UploadAsync(client, TestFiles.Pdf(), "report.pdf");

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }
}
