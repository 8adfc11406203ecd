using System.Text.Json.Serialization;

namespace Attachments.Application.ImageUploadV1.Common;

/// <summary>The image object of the Image Upload API v1: camelCase and ISO-8601 UTC times, unlike the Attachment API.</summary>
public sealed class ImageInformationDto
{
    /// <summary>The stored name, e.g. <c>9f86d081884c7d65.jpg</c>.</summary>
    [JsonPropertyName("fileName")]
    public string FileName { get; init; } = string.Empty;

    [JsonPropertyName("originalFileName")]
    public string OriginalFileName { get; init; } = string.Empty;

    /// <summary><c>uploads/yyyyMM/dd/&lt;fileName&gt;</c>.</summary>
    [JsonPropertyName("fileLinkPath")]
    public string FileLinkPath { get; init; } = string.Empty;

    /// <summary>Absolute download URL.</summary>
    [JsonPropertyName("mediaLink")]
    public string MediaLink { get; init; } = string.Empty;

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("createTime")]
    public DateTime CreateTime { get; init; }

    [JsonPropertyName("updateTime")]
    public DateTime UpdateTime { get; init; }
}
