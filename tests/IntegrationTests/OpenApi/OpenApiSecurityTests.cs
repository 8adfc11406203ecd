using System.Text.Json.Nodes;

namespace Attachments.IntegrationTests.OpenApi;

public sealed class OpenApiSecurityTests : OpenApiTestBase
{
    [Test]
    public async Task SecurityScheme_IsHttpBearerJwt()
    {
        var document = await GetDocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;

        Assert.Multiple(() =>
        {
            Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("http"));
            Assert.That(scheme["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(scheme["bearerFormat"]!.GetValue<string>(), Is.EqualTo("JWT"));
        });
    }

    [Test]
    public async Task AdminHeaderScheme_IsAnApiKeyInTheAdminHeader()
    {
        var document = await GetDocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["AdminHeader"]!;

        Assert.Multiple(() =>
        {
            Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("apiKey"));
            Assert.That(scheme["in"]!.GetValue<string>(), Is.EqualTo("header"));
            Assert.That(scheme["name"]!.GetValue<string>(), Is.EqualTo("admin"));
        });
    }

    [Test]
    public async Task EveryOperationButLoginAndTheSignedPut_RequiresTheBearerToken_AndDocuments401()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in Operations(document))
            {
                var schemes = (operation["security"] as JsonArray ?? [])
                    .SelectMany(requirement => requirement!.AsObject().Select(s => s.Key))
                    .ToList();
                if (method == "POST" && path == "/api/login")
                {
                    Assert.That(schemes, Is.Empty, "login is anonymous");
                    continue;
                }

                if (method == "PUT" && path == "/api/attachment/upload/direct/{upload_id}")
                {
                    // Its URL's signature is the credential, as a bucket's presigned URL's is.
                    Assert.That(schemes, Is.Empty, "the direct upload's PUT takes no token");
                    Assert.That(operation["responses"]!["403"], Is.Not.Null, "a bad or expired signature is a 403");
                    Assert.That(operation["responses"]!["401"], Is.Null);
                    continue;
                }

                Assert.That(schemes, Is.EqualTo(new[] { "Bearer", "AdminHeader" }), $"{method} {path}: either requirement");
                Assert.That(operation["responses"]!["401"], Is.Not.Null, $"{method} {path} must document 401");
            }
        });
    }

    [Test]
    public async Task DocumentAndUi_AreServedWithoutToken()
    {
        using var client = Factory.CreateClient();
        using var document = await client.GetAsync(DocumentPath);
        using var page = await client.GetAsync("/docs/index.html");

        Assert.Multiple(() =>
        {
            Assert.That((int)document.StatusCode, Is.EqualTo(200));
            Assert.That(document.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That((int)page.StatusCode, Is.EqualTo(200));
        });
    }
}
