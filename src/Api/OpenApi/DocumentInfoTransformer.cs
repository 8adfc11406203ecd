using Attachments.Api.Authentication;
using Attachments.Api.Uploads;
using Attachments.Application.Common.Models;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>Title, the token schemes and the two error envelopes every operation refers to.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Attachments API",
            Version = "v1",
            Description =
                "Two dialects share one store. The Attachment API (`/api/...`) answers `{code, msg, data}` " +
                "(lists add `total` and `limit`) with snake_case fields; `code` is 0 on success, 1001 when not logged in, " +
                "1002 without the permission and -1 for other errors. The Image Upload API v1 (`/UploadImage`, " +
                "`/DeleteImage`, `/GetAllImages`) answers `{message, data}` with camelCase image objects and " +
                "`{message, data: null}` on errors. Log in with `POST /api/login` and send the token as " +
                "`Authorization: Bearer <token>` (or in an `admin` header). A method a path does not accept answers 405 in that path's envelope.",
        };

        // The generator names the host it was asked on, which behind a proxy is not the one clients use;
        // without servers, tools resolve paths against where they loaded the document from.
        document.Servers = [];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OpenApiSetup.SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The token from POST /api/login.",
        };
        document.Components.SecuritySchemes[OpenApiSetup.AdminHeaderSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AuthenticationSetup.AdminTokenHeader,
            Description = "The same token in the header AnqiCMS admin front ends send it in; used when no Authorization header is sent.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchemas.ApiError] = ErrorSchemas.Api();
        document.Components.Schemas[ErrorSchemas.CompatError] = ErrorSchemas.Compat();

        // Left over from the action parameter that UploadFormTransformer replaces with the multipart form.
        document.Components.Schemas.Remove(nameof(UploadForm));
        document.Components.Schemas.Remove(nameof(StagedFile));
        return Task.CompletedTask;
    }
}
