using Attachments.Application.Common.Models;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Uploads;

/// <summary>A multipart upload whose file part has already been streamed to a temp file.</summary>
[ModelBinder(typeof(MultipartUploadBinder))]
public sealed class UploadForm
{
    public required StagedFile File { get; init; }

    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    public long? GetInt64(string name)
    {
        if (!Fields.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
            return null;

        return long.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Application.Common.Exceptions.ValidationException($"{name} must be a whole number, not '{text}'.");
    }
}
