using System.Text;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Uploads;

/// <summary>
/// Reads <c>multipart/form-data</c> section by section: the <c>file</c> part is streamed to a staged file
/// (hashed on the way), the other parts are small text fields. Nothing is buffered whole in memory. It only streams,
/// within its limits; what the fields must say is the command validators' business.
/// </summary>
public sealed class MultipartUploadBinder(IFileStorage storage, IOptions<UploadOptions> options) : IModelBinder
{
    public const string FileField = "file";

    // Room for the boundaries, part headers and text fields around the file itself.
    public const long MultipartOverheadBytes = 64 * 1024;

    // The multipart reader returns at most its buffer per read of a part: 4 KB by default, thousands of reads for 20 MB.
    private const int ReadBufferBytes = 64 * 1024;

    private const int MaxFieldBytes = 4 * 1024;
    private const int MaxFields = 32;

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var http = bindingContext.HttpContext;
        var maxBytes = options.Value.MaxFileSizeBytes;
        EnforceBodyLimit(http, maxBytes);

        var boundary = ReadBoundary(http.Request);
        var body = new BatchedBodyStream(http.Request.BodyReader, ReadBufferBytes);
        var reader = new MultipartReader(boundary, body, ReadBufferBytes) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Application.Common.Models.StagedFile? file = null;

        while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                throw new ValidationException("A part of the multipart form has no valid Content-Disposition header.");

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (disposition.IsFileDisposition() && name.Equals(FileField, StringComparison.OrdinalIgnoreCase))
            {
                if (file is not null)
                    throw new ValidationException("Send one file per request.");

                var clientName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                    ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                    ?? string.Empty;
                file = await storage.StageAsync(section.Body, clientName, maxBytes, http.RequestAborted);
                http.Response.RegisterForDispose(file);
            }
            else if (disposition.IsFormDisposition())
            {
                if (fields.Count >= MaxFields)
                    throw new ValidationException($"The form has more than {MaxFields} fields.");

                fields[name] = await ReadFieldAsync(section.Body, name, http.RequestAborted);
            }
        }

        bindingContext.Result = ModelBindingResult.Success(new UploadForm { File = file, Fields = fields });
    }

    private static void EnforceBodyLimit(HttpContext http, long maxFileBytes)
    {
        var limit = maxFileBytes + MultipartOverheadBytes;
        if (http.Request.ContentLength > limit)
            throw new PayloadTooLargeException($"The upload is {http.Request.ContentLength} bytes; files may be at most {maxFileBytes} bytes.");

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
    }

    private static string ReadBoundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException($"Send the upload as multipart/form-data with the file in the field '{FileField}'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
            throw new ValidationException("The multipart/form-data Content-Type has no valid boundary.");

        return boundary;
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MaxFieldBytes)
                throw new ValidationException($"The form field '{name}' is longer than {MaxFieldBytes} bytes.");
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
