namespace Attachments.Application.Common.Interfaces;

/// <summary>Counts uploads for the metrics endpoint; recording never fails an upload.</summary>
public interface IUploadMetrics
{
    /// <summary>A whole file (a chunked one once assembled) reached the upload handler, whatever happens to it next.</summary>
    void Received(string dialect, long bytes);

    /// <param name="storedBytes">Bytes written to storage (after image processing); 0 when nothing was written.</param>
    void Completed(string dialect, UploadOutcome outcome, bool isImage, long storedBytes);
}
