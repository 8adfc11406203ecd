using System.Text.Json;
using System.Text.Json.Nodes;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.OpenApi;

public abstract class OpenApiTestBase : IntegrationTestBase
{
    protected const string DocumentPath = "/openapi/v1.json";

    protected async Task<JsonNode> GetDocumentAsync()
    {
        using var anonymous = Factory.CreateClient();
        using var response = await anonymous.GetAsync(DocumentPath);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Every (METHOD, path) operation of the document.</summary>
    protected static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(entry => entry.Value is JsonObject { } op && op.ContainsKey("responses"))
            .Select(entry => (entry.Key.ToUpperInvariant(), path.Key, entry.Value!.AsObject())));

    /// <summary>Asserts that the status is documented for the operation and the body matches its schema; returns the body.</summary>
    protected static async Task<JsonElement> AssertDocumentedAsync(
        JsonNode document, HttpResponseMessage response, string method, string path)
    {
        var body = await ReadJsonAsync(response);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var operation = document["paths"]?[path]?[method.ToLowerInvariant()];
        Assert.That(operation, Is.Not.Null, $"{method} {path} is not in the document");

        var documented = operation!["responses"]?[status];
        Assert.That(documented, Is.Not.Null, $"{method} {path} answered {status}, which the document does not list: {body}");

        var schema = documented!["content"]?["application/json"]?["schema"];
        Assert.That(schema, Is.Not.Null, $"{method} {path} {status} has no application/json schema");

        var errors = new OpenApiSchemaValidator(document).Validate(body, schema);
        Assert.That(errors, Is.Empty, $"{method} {path} {status} does not match its schema: {body}");
        return body;
    }
}
