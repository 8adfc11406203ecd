using System.Diagnostics.Metrics;
using Attachments.Application.Common.Interfaces;

namespace Attachments.Infrastructure.Observability;

/// <summary>The service's own instruments, on the one meter named <see cref="AttachmentsMeter.Name"/>.</summary>
public sealed class AttachmentsMetrics : IUploadMetrics, IRejectionMetrics
{
    // Seconds: a thumbnail of a small image takes milliseconds, a large photo or a long animation tens of seconds.
    private static readonly double[] ProcessingBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _uploads;
    private readonly Counter<long> _uploadBytes;
    private readonly Histogram<double> _imageProcessing;
    private readonly Counter<long> _rejections;

    public AttachmentsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AttachmentsMeter.Name);
        _uploads = meter.CreateCounter<long>(
            "attachments.uploads", "{upload}", "Uploads that finished, by dialect, outcome (stored, deduplicated, replaced) and whether an image.");
        _uploadBytes = meter.CreateCounter<long>(
            "attachments.upload.bytes", "By", "Bytes of whole uploads received (stage=received) and written to storage after processing (stage=stored).");
        _imageProcessing = meter.CreateHistogram(
            "attachments.image.processing.duration", "s", "Time in the image processor per call, including any wait for a free image slot.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProcessingBuckets });
        _rejections = meter.CreateCounter<long>(
            "attachments.rejections", "{response}", "Requests answered with an error envelope, by status code, reason and dialect.");
    }

    public void Received(string dialect, long bytes) =>
        _uploadBytes.Add(bytes, new KeyValuePair<string, object?>("dialect", dialect), new KeyValuePair<string, object?>("stage", "received"));

    public void Completed(string dialect, UploadOutcome outcome, bool isImage, long storedBytes)
    {
        _uploads.Add(
            1,
            new KeyValuePair<string, object?>("dialect", dialect),
            new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)),
            new KeyValuePair<string, object?>("is_image", isImage ? "true" : "false"));
        if (storedBytes > 0)
            _uploadBytes.Add(storedBytes, new KeyValuePair<string, object?>("dialect", dialect), new KeyValuePair<string, object?>("stage", "stored"));
    }

    /// <param name="operation">process, measure or thumbnail.</param>
    public void ImageProcessed(string operation, bool succeeded, TimeSpan duration) =>
        _imageProcessing.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    public void Rejected(int statusCode, string reason, string dialect) =>
        _rejections.Add(
            1,
            new KeyValuePair<string, object?>("status_code", statusCode),
            new KeyValuePair<string, object?>("reason", reason),
            new KeyValuePair<string, object?>("dialect", dialect));

    private static string OutcomeName(UploadOutcome outcome) => outcome switch
    {
        UploadOutcome.Stored => "stored",
        UploadOutcome.Deduplicated => "deduplicated",
        UploadOutcome.Replaced => "replaced",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
