using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attachments.Application.Attachments.Commands.UploadChunk;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.ImageUploadV1.Queries.GetAllImages;
using Attachments.Domain.Constants;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.OpenApi;

/// <summary>
/// What the document says clients may send (operation ids, required fields, bounds and enums), and that the service
/// agrees: bodies the document accepts are answered 200, bodies it refuses 400.
/// </summary>
public sealed class OpenApiRequestTests : OpenApiTestBase
{
    private static readonly Dictionary<string, string> NamedOperationIds = new(StringComparer.Ordinal)
    {
        ["POST /api/login"] = "login",
        ["POST /api/attachment/upload"] = "uploadAttachment",
        ["GET /api/attachment/list"] = "listAttachments",
        ["GET /api/attachment/detail"] = "getAttachment",
        ["POST /api/attachment/edit"] = "editAttachment",
        ["POST /api/attachment/delete"] = "deleteAttachments",
        ["POST /api/attachment/category"] = "moveAttachmentsToCategory",
        ["GET /api/attachment/category/list"] = "listCategories",
        ["POST /api/attachment/category/detail"] = "saveCategory",
        ["POST /api/attachment/category/delete"] = "deleteCategory",
        ["POST /api/attachment/scan"] = "startScan",
        ["POST /api/attachment/thumb/rebuild"] = "startThumbnailRebuild",
        ["GET /api/attachment/jobs"] = "listJobs",
        ["GET /api/attachment/jobs/{id}"] = "getJob",
        ["GET /api/user/list"] = "listUsers",
        ["POST /api/user/save"] = "saveUser",
        ["POST /api/user/delete"] = "deleteUser",
        ["POST /UploadImage"] = "uploadImage",
        ["DELETE /DeleteImage"] = "deleteImage",
        ["GET /GetAllImages"] = "getAllImages",
    };

    [Test]
    public async Task EveryOperation_HasAUniqueCamelCaseOperationId_AndTheNamedOnesAreStable()
    {
        var document = await GetDocumentAsync();
        var ids = Operations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation["operationId"]?.GetValue<string>(), StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            foreach (var (operation, id) in ids)
                Assert.That(id, Does.Match("^[a-z][A-Za-z0-9]*$"), operation);

            Assert.That(ids.Values, Is.Unique);
            foreach (var (operation, id) in NamedOperationIds)
                Assert.That(ids.GetValueOrDefault(operation), Is.EqualTo(id), operation);
        });
    }

    [Test]
    public async Task RequestBodies_RequireOnlyWhatTheValidatorsRequire()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Required(document, "/api/login"), Is.EquivalentTo(new[] { "user_name", "password" }));
            Assert.That(Required(document, "/api/attachment/edit"), Is.EquivalentTo(new[] { "id" }));
            Assert.That(AnyOfRequired(document, "/api/attachment/edit"), Is.EquivalentTo(new[] { "file_name", "file_location", "focus_x", "focus_y", "visibility", "alt", "caption", "tags" }));
            Assert.That(Required(document, "/api/attachment/delete"), Is.Empty);
            Assert.That(AnyOfRequired(document, "/api/attachment/delete"), Is.EquivalentTo(new[] { "id", "ids" }));
            Assert.That(Required(document, "/api/attachment/category"), Is.EquivalentTo(new[] { "category_id", "ids" }));
            Assert.That(Required(document, "/api/attachment/category/detail"), Is.EquivalentTo(new[] { "title" }));
            Assert.That(Required(document, "/api/attachment/category/delete"), Is.EquivalentTo(new[] { "id" }));
            Assert.That(Required(document, "/api/user/save"), Is.EquivalentTo(new[] { "user_name", "permissions" }));
            Assert.That(Required(document, "/api/user/delete"), Is.EquivalentTo(new[] { "id" }));

            var permissions = BodySchema(document, "/api/user/save")["properties"]!["permissions"]!["items"]!["enum"]!.AsArray();
            Assert.That(permissions.Select(p => p!.GetValue<string>()), Is.EquivalentTo(Permissions.All));
            var ids = BodySchema(document, "/api/attachment/delete")["properties"]!["ids"]!;
            Assert.That(ids["items"]!["minimum"]!.GetValue<long>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task QueryParameters_CarryTheValidatorsBoundsEnumsAndDefaults()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            var current = Parameter(document, "get", "/api/attachment/list", "current");
            Assert.That(current["required"]?.GetValue<bool>() ?? false, Is.False);
            Assert.That(current["schema"]!["minimum"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(current["schema"]!["default"]!.GetValue<int>(), Is.EqualTo(1));

            var pageSize = Parameter(document, "get", "/api/attachment/list", "pageSize")["schema"]!;
            Assert.That(pageSize["minimum"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(pageSize["maximum"]!.GetValue<long>(), Is.EqualTo(ListAttachmentsQueryValidator.MaxPageSize).And.EqualTo(100));
            Assert.That(pageSize["default"]!.GetValue<int>(), Is.EqualTo(20));

            var type = Parameter(document, "get", "/api/attachment/list", "type")["schema"]!;
            Assert.That(type["enum"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EquivalentTo(new[] { "image", "file" }));
            Assert.That(Parameter(document, "get", "/api/attachment/list", "category_id")["schema"]!["minimum"]!.GetValue<long>(), Is.EqualTo(0));

            var id = Parameter(document, "get", "/api/attachment/detail", "id");
            Assert.That(id["required"]!.GetValue<bool>(), Is.True);
            Assert.That(id["schema"]!["minimum"]!.GetValue<long>(), Is.EqualTo(1));

            Assert.That(Parameter(document, "get", "/GetAllImages", "page")["schema"]!["minimum"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(Parameter(document, "get", "/GetAllImages", "pageSize")["schema"]!["maximum"]!.GetValue<long>(), Is.EqualTo(GetAllImagesQueryValidator.MaxPageSize));
            Assert.That(Parameter(document, "delete", "/DeleteImage", "FileName")["required"]!.GetValue<bool>(), Is.True);

            var form = document["paths"]!["/api/attachment/upload"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
            Assert.That(form["properties"]!["chunks"]!["maximum"]!.GetValue<long>(), Is.EqualTo(UploadChunkCommandValidator.MaxChunks));
            Assert.That(form["properties"]!["md5"]!["pattern"]!.GetValue<string>(), Is.EqualTo("^[0-9a-fA-F]{32}$"));
            Assert.That(form["dependentRequired"]!["chunks"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EquivalentTo(new[] { "chunk", "md5" }));
        });
    }

    [Test]
    public async Task SuccessSchemas_PinCodeToZero_AndErrorSchemasKeepTheirCodes()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in Operations(document))
            {
                var successes = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
                Assert.That(successes, Is.Not.Empty, $"{method} {path}");
                foreach (var (status, response) in successes)
                {
                    var schema = Resolve(document, response!["content"]!["application/json"]!["schema"]!);
                    var (field, value) = path.StartsWith("/api/", StringComparison.Ordinal) ? ("code", (JsonNode)0) : ("message", "OK");
                    Assert.That(schema["properties"]![field]!["enum"]!.AsArray().Select(v => v!.ToJsonString()), Is.EqualTo(new[] { value.ToJsonString() }), $"{method} {path} {status}");
                    if (schema["properties"]!["data"]!["type"] is JsonArray dataTypes)
                        Assert.That(dataTypes.Select(t => t!.GetValue<string>()), Has.None.EqualTo("null"), $"{method} {path} {status}: data is never null on success");
                }
            }

            var errorCodes = document["components"]!["schemas"]!["ApiError"]!["properties"]!["code"]!["enum"]!.AsArray();
            Assert.That(errorCodes.Select(c => c!.GetValue<int>()), Is.EquivalentTo(new[] { -1, 1001, 1002 }));
        });
    }

    [Test]
    public async Task BodiesTheDocumentAccepts_TheServiceAccepts_AndBodiesItRefuses_TheServiceRefuses()
    {
        var document = await GetDocumentAsync();
        var client = await LoggedInClientAsync();
        var ids = new List<long>();
        foreach (var name in new[] { "a", "b", "c" })
            ids.Add((await UploadOkAsync(client, TestFiles.Pdf(name), name + ".pdf")).GetProperty("id").GetInt64());

        var cases = new (string Path, object Body, bool Valid)[]
        {
            ("/api/attachment/edit", new { id = ids[0] }, false),
            ("/api/attachment/edit", new { id = ids[0], file_name = "Home hero" }, true),
            ("/api/attachment/edit", new { id = ids[0], file_name = "Hero", file_location = "uploads/banners/hero.pdf" }, true),
            ("/api/attachment/delete", new { }, false),
            ("/api/attachment/delete", new { ids = new[] { ids[0], ids[1] } }, true),
            ("/api/attachment/delete", new { id = ids[2] }, true),
            ("/api/attachment/category/detail", new { }, false),
            ("/api/attachment/category/detail", new { title = "Banners" }, true),
            ("/api/attachment/category", new { ids = new[] { 1 } }, false),
            ("/api/user/save", new { user_name = "editor", password = "long-enough-1" }, false),
            ("/api/user/save", new { user_name = "editor", password = "long-enough-1", permissions = new[] { "attachment.upload" } }, true),
            ("/api/user/save", new { id = 0, user_name = "writer", password = "long-enough-2", permissions = Array.Empty<string>() }, true),
        };

        var outcomes = new List<(string Case, bool Valid, IReadOnlyList<string> Errors, int Status, string Answer)>();
        foreach (var (path, body, valid) in cases)
        {
            var json = JsonSerializer.SerializeToElement(body);
            using var response = await client.PostAsJsonAsync(path, body);
            outcomes.Add(($"{path} {json}", valid, new OpenApiSchemaValidator(document).Validate(json, BodySchema(document, path)),
                (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Multiple(() =>
        {
            foreach (var (name, valid, errors, status, answer) in outcomes)
            {
                Assert.That(errors, valid ? Is.Empty : Is.Not.Empty, $"document on {name}");
                Assert.That(status, Is.EqualTo(valid ? 200 : 400), $"service on {name}: {answer}");
            }
        });
    }

    private static JsonNode BodySchema(JsonNode document, string path) =>
        Resolve(document, document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);

    private static IEnumerable<string> Required(JsonNode document, string path) =>
        (BodySchema(document, path)["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>());

    /// <summary>The fields of the body's anyOf branches, each of which requires one.</summary>
    private static IEnumerable<string> AnyOfRequired(JsonNode document, string path) =>
        BodySchema(document, path)["anyOf"]!.AsArray().Select(branch => branch!["required"]!.AsArray().Single()!.GetValue<string>());

    private static JsonNode Parameter(JsonNode document, string method, string path, string name) =>
        document["paths"]![path]![method]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!;

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"] is { } reference ? document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]! : schema;
}
