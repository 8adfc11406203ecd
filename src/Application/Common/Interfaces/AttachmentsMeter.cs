namespace Attachments.Application.Common.Interfaces;

/// <summary>The meter <see cref="IUploadMetrics"/> and <see cref="IRejectionMetrics"/> record on, exported by the metrics endpoint.</summary>
public static class AttachmentsMeter
{
    public const string Name = "Attachments";
}
