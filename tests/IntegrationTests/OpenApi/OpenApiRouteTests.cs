using Attachments.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.OpenApi;

public sealed class OpenApiRouteTests : OpenApiTestBase
{
    [Test]
    public async Task Document_ListsEveryMappedRouteAndNothingElse()
    {
        var document = await GetDocumentAsync();
        var mapped = MappedRoutes();
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);

        Assert.That(mapped, Has.Count.GreaterThanOrEqualTo(20), string.Join(", ", mapped));
        Assert.Multiple(() =>
        {
            Assert.That(mapped.Except(documented), Is.Empty, "mapped but not documented");
            Assert.That(documented.Except(mapped), Is.Empty, "documented but not mapped");
        });
    }

    [Test]
    public async Task ErrorAndSummaryTables_HaveExactlyTheDocumentedOperations()
    {
        var document = await GetDocumentAsync();
        var documented = Operations(document).Select(o => ErrorStatuses.Key(o.Method, o.Path)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Multiple(() =>
        {
            Assert.That(ErrorStatuses.ByOperation.Keys, Is.EquivalentTo(documented));
            Assert.That(OperationNames.ByOperation.Keys, Is.EquivalentTo(documented));
            foreach (var (method, path, operation) in Operations(document))
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Empty, $"{method} {path}");
        });
    }

    [Test]
    public async Task Document_IsOpenApi3WithSnakeCaseAttachmentApiAndCamelCaseV1()
    {
        var document = await GetDocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        Assert.Multiple(() =>
        {
            Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3."));
            Assert.That(schemas["AttachmentDto"]!["properties"]!.AsObject().Select(p => p.Key), Does.Contain("file_name").And.Contain("category_id"));
            Assert.That(schemas["ApiPageResponseOfAttachmentDto"]!["properties"]!.AsObject().Select(p => p.Key),
                Is.EquivalentTo(new[] { "code", "msg", "data", "total", "limit", "total_estimated", "cursor" }));
            Assert.That(schemas["ImageInformationDto"]!["properties"]!.AsObject().Select(p => p.Key), Does.Contain("fileName").And.Contain("mediaLink"));
            Assert.That(document["paths"]!["/api/attachment/scan"]!["post"]!["responses"]!.AsObject().Select(r => r.Key), Does.Contain("202").And.Not.Contain("200"));
        });
    }

    [Test]
    public async Task Uploads_DocumentTheirMultipartForm()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            var attachment = document["paths"]!["/api/attachment/upload"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
            Assert.That(attachment["properties"]!.AsObject().Select(p => p.Key),
                Is.EquivalentTo(new[] { "file", "category_id", "id", "visibility", "chunks", "chunk", "file_name", "md5" }));
            Assert.That(attachment["properties"]!["file"]!["format"]!.GetValue<string>(), Is.EqualTo("binary"));
            Assert.That(attachment["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "file" }));

            var result = document["paths"]!["/api/attachment/upload"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
            var choices = result["properties"]!["data"]!["anyOf"]!.AsArray();
            Assert.That(choices[0]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/AttachmentDto"));
            Assert.That(choices[1]!["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "chunk", "chunks", "received", "complete" }));
            Assert.That(choices[1]!["required"]!.AsArray(), Has.Count.EqualTo(4));
            Assert.That(document["components"]!["schemas"]!.AsObject().Select(p => p.Key), Has.None.EqualTo("UploadForm").And.None.EqualTo("StagedFile"));

            var image = document["paths"]!["/UploadImage"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
            Assert.That(image["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "file" }));
            Assert.That(image["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "file" }));
        });
    }

    [Test]
    public async Task ErrorResponses_UseTheEnvelopeOfTheirDialect()
    {
        var document = await GetDocumentAsync();

        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in Operations(document))
            {
                var compat = !path.StartsWith("/api/", StringComparison.Ordinal);
                var expected = compat ? "#/components/schemas/CompatError" : "#/components/schemas/ApiError";
                var errors = operation["responses"]!.AsObject().Where(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture) >= 400).ToList();
                Assert.That(errors.Select(e => e.Key), Does.Contain("500"), $"{method} {path}");
                foreach (var (status, response) in errors)
                    Assert.That(response!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo(expected), $"{method} {path} {status}");
            }
        });
    }

    private static HashSet<string> MappedRoutes()
    {
        var sources = Factory.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.TrimStart('/').StartsWith("openapi", StringComparison.OrdinalIgnoreCase))
            // tus (/api/tus) is a protocol of its own, for tus clients rather than generated ones: docs/api/tus.md.
            .Where(e => e.Metadata.GetMetadata<ApiExplorerSettingsAttribute>() is not { IgnoreApi: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet(StringComparer.Ordinal);
    }
}
