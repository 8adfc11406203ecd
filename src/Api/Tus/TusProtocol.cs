using System.Globalization;
using System.Text;
using Attachments.Api.Envelope;
using Attachments.Application.Common.Exceptions;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Attachments.Api.Tus;

/// <summary>The headers of tus 1.0 (https://tus.io/protocols/resumable-upload) this service speaks.</summary>
public static class TusProtocol
{
    public const string BasePath = "/api/tus";
    public const string Version = "1.0.0";
    public const string Extensions = "creation,termination,expiration";
    public const string OctetStream = "application/offset+octet-stream";

    public const string Resumable = "Tus-Resumable";
    public const string SupportedVersions = "Tus-Version";
    public const string Extension = "Tus-Extension";
    public const string MaxSize = "Tus-Max-Size";
    public const string UploadLength = "Upload-Length";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadDeferLength = "Upload-Defer-Length";

    /// <summary>Ours, not tus's: the attachment a completed upload became.</summary>
    public const string UploadAttachmentId = "Upload-Attachment-Id";

    public static readonly string[] RequestHeaders = [Resumable, UploadLength, UploadOffset, UploadMetadata, UploadDeferLength];

    public static readonly string[] ResponseHeaders =
        [Resumable, SupportedVersions, Extension, MaxSize, UploadLength, UploadOffset, UploadMetadata, UploadExpires, UploadAttachmentId, "Location"];

    /// <summary>A non-negative whole number header, or a 400 naming it.</summary>
    public static long NumberHeader(HttpRequest request, string name)
    {
        var value = request.Headers[name].ToString();
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ValidationException($"{name} must be a whole number of bytes (got '{value}').");
    }

    /// <summary>
    /// Upload-Metadata: comma-separated pairs of a key and its value in base64 (a key may stand alone); the values as text.
    /// </summary>
    public static Dictionary<string, string> ParseMetadata(string? header)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 2 || !pairs.TryAdd(parts[0], parts.Length == 2 ? Decoded(parts[0], parts[1]) : string.Empty))
                throw new ValidationException($"Upload-Metadata has '{pair}'; send pairs 'key base64value' separated by commas, each key once.");
        }

        return pairs;
    }

    public static string HttpDate(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    private static string Decoded(string key, string value)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(value));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw new ValidationException($"Upload-Metadata's value for '{key}' is not base64 of UTF-8 text.");
        }
    }
}

/// <summary>
/// Every tus answer says Tus-Resumable; a request without the version this service speaks is refused with 412 and the
/// versions it does (OPTIONS, the discovery request, is exempt).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TusResumableAttribute : Attribute, IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[TusProtocol.Resumable] = TusProtocol.Version;
            return Task.CompletedTask;
        });

        if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers[TusProtocol.Resumable] != TusProtocol.Version)
        {
            http.Response.Headers[TusProtocol.SupportedVersions] = TusProtocol.Version;
            await http.RequestServices.GetRequiredService<EnvelopeWriter>().WriteErrorAsync(http, StatusCodes.Status412PreconditionFailed,
                $"This is a tus upload endpoint: send the header Tus-Resumable: {TusProtocol.Version} with every request, or use a tus client (tus-js-client, Uppy's Tus plugin).");
            return;
        }

        await next();
    }
}
