using Attachments.Application.Attachments.Commands.ReplaceAttachment;
using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Attachments.Commands.UploadChunk;
using Attachments.Application.ImageUploadV1.Commands.UploadImage;
using Attachments.Application.Common.Models;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Uploads;

/// <summary>A multipart upload whose file part (if any) has already been streamed to a staged file.</summary>
[ModelBinder(typeof(MultipartUploadBinder))]
public sealed class UploadForm : IDisposable
{
    public required StagedFile? File { get; init; }

    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>A part of a chunked upload: the form carries <c>chunks</c>.</summary>
    public bool IsChunk => Fields.ContainsKey("chunks");

    public UploadAttachmentCommand ToUploadCommand() =>
        new(File, GetInt64("category_id"), Application.Attachments.Common.Visibilities.Parse(Fields.GetValueOrDefault("visibility")));

    /// <summary>The form names an attachment (<c>id</c>) whose bytes it replaces.</summary>
    public bool IsReplace => GetInt64("id") is not null;

    public ReplaceAttachmentCommand ToReplaceCommand() => new(File, GetInt64("id")!.Value, GetInt64("category_id"));

    public UploadImageCommand ToUploadImageCommand() => new(File);

    public UploadChunkCommand ToChunkCommand() => new(
        File,
        (int)Math.Clamp(GetInt64("chunks") ?? 0, int.MinValue, int.MaxValue),
        (int)Math.Clamp(GetInt64("chunk") ?? -1, int.MinValue, int.MaxValue),
        Fields.GetValueOrDefault("file_name") ?? File?.ClientFileName ?? string.Empty,
        Fields.GetValueOrDefault("md5") ?? string.Empty,
        GetInt64("category_id"),
        GetInt64("id"));

    /// <summary>Deletes the staged file unless the upload handed it over, before the response is written.</summary>
    public void Dispose() => File?.Dispose();

    public long? GetInt64(string name)
    {
        if (!Fields.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
            return null;

        return long.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Application.Common.Exceptions.ValidationException($"{name} must be a whole number, not '{text}'.");
    }
}
