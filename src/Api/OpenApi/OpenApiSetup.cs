using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace Attachments.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the Swagger UI page at <c>/docs</c>, both anonymous.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string UiPath = "docs";
    public const string SecuritySchemeName = JwtBearerDefaults.AuthenticationScheme;
    public const string AdminHeaderSchemeName = "AdminHeader";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        // The generator reads the minimal-API JSON options, not MVC's: copy MVC's so the schemas show the names
        // the controllers really write (snake_case).
        services.AddOptions<HttpJsonOptions>().Configure<IOptions<MvcJsonOptions>>((http, mvc) =>
        {
            var from = mvc.Value.JsonSerializerOptions;
            http.SerializerOptions.PropertyNamingPolicy = from.PropertyNamingPolicy;
            http.SerializerOptions.DictionaryKeyPolicy = from.DictionaryKeyPolicy;
            http.SerializerOptions.NumberHandling = from.NumberHandling;
            http.SerializerOptions.DefaultIgnoreCondition = from.DefaultIgnoreCondition;
            http.SerializerOptions.Encoder = from.Encoder;
            foreach (var converter in from.Converters)
                http.SerializerOptions.Converters.Add(converter);
        });

        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddSchemaTransformer(ResponseSchemaTransformer.TransformAsync);
            options.AddSchemaTransformer(RequestBodySchemas.TransformAsync);
            options.AddOperationTransformer<ErrorResponsesTransformer>();
            options.AddOperationTransformer<UploadFormTransformer>();
            options.AddOperationTransformer<RawFileBodyTransformer>();
            options.AddOperationTransformer<QueryParameterSchemas>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<OperationNames>();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        // Swagger UI's own redirect from /docs to its page has no body; a person with curl should see where to go.
        app.Use((context, next) => context.Request.Path.Value?.TrimEnd('/').Equals("/" + UiPath, StringComparison.OrdinalIgnoreCase) == true
            ? RedirectToUiAsync(context)
            : next(context));
        // The UI's HTML, JS and CSS are embedded in the Swashbuckle package: nothing is fetched from a CDN.
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = UiPath;
            options.DocumentTitle = "Attachments API";
            options.SwaggerEndpoint(DocumentPath, "Attachments API v1");
        });
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    private static Task RedirectToUiAsync(HttpContext context)
    {
        var page = $"{context.Request.PathBase}/{UiPath}/index.html";
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = page;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            $"The API documentation (Swagger UI) is at {page}; the OpenAPI document is at {context.Request.PathBase}{DocumentPath}.\n");
    }
}
