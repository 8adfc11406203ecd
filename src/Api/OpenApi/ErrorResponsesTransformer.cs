using Attachments.Api.Envelope;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// Adds every error status an operation can answer, in its dialect's envelope: 401/403 from its
/// <c>[Authorize]</c> metadata, 400/413/415 for a JSON body (binding, Kestrel's body limit, a non-JSON
/// Content-Type), 400 for a query/route value that is not a string, 500 and 503 (database unreachable) everywhere,
/// and the rest from <see cref="ErrorStatuses"/>.
/// </summary>
internal sealed class ErrorResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? string.Empty).TrimEnd('/');
        var key = ErrorStatuses.Key(description.HttpMethod ?? "GET", path);
        if (!ErrorStatuses.ByOperation.TryGetValue(key, out var listed))
            throw new InvalidOperationException($"{key} has no entry in {nameof(ErrorStatuses)}; add the statuses it can answer.");

        var statuses = new SortedSet<int>(listed) { StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable };
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        if (!anonymous)
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null))
                statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            statuses.Add(StatusCodes.Status400BadRequest);
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        // A number that is not one fails model binding; a string always binds (its handler's checks are in the table).
        if (description.ParameterDescriptions.Any(p => (p.Source == BindingSource.Query || p.Source == BindingSource.Path) && p.Type != typeof(string)))
            statuses.Add(StatusCodes.Status400BadRequest);

        var compat = EnvelopeWriter.IsCompatPath(path);
        var schema = new OpenApiSchemaReference(compat ? ErrorSchemas.CompatError : ErrorSchemas.ApiError, context.Document);
        operation.Responses ??= [];
        foreach (var status in statuses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                // Without a token, only a signed URL can be refused: the direct upload's PUT.
                Description = anonymous && status == StatusCodes.Status403Forbidden
                    ? "The URL's signature is missing or wrong, or the URL has expired (code 1002); presign again."
                    : Describe(status, compat),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static string Describe(int status, bool compat) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid; the message names the field.",
        StatusCodes.Status401Unauthorized => compat ? "Not logged in, or the token is invalid or expired." : "Not logged in, or the token is invalid or expired (code 1001).",
        StatusCodes.Status403Forbidden => compat ? "The user lacks the permission." : "The user lacks the permission (code 1002).",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status408RequestTimeout => "The body arrived slower than the server accepts; nothing was stored.",
        StatusCodes.Status409Conflict => "Conflicts with the current state.",
        StatusCodes.Status413PayloadTooLarge => "The body or file is larger than allowed.",
        StatusCodes.Status415UnsupportedMediaType => "The body's Content-Type, or the file's type, is not accepted.",
        StatusCodes.Status422UnprocessableEntity => "The file claims to be an image but cannot be decoded.",
        StatusCodes.Status429TooManyRequests => "Rate limited; Retry-After says how many seconds to wait.",
        StatusCodes.Status500InternalServerError => EnvelopeExceptionHandler.GenericMessage,
        StatusCodes.Status503ServiceUnavailable => "The database or the image queue cannot take the request now, or it took longer than the request timeout; nothing was stored. Retry-After says when to try again.",
        StatusCodes.Status507InsufficientStorage => "The server's disk is full; nothing was stored.",
        _ => $"Status {status}.",
    };
}
