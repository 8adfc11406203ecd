namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// With <c>Images:MakeSizesAtUpload</c>, makes an image's named sizes in the background once its upload has committed;
/// otherwise nothing (they are made on their first request either way).
/// </summary>
public interface ISizesAtUpload
{
    void MakeLater(long attachmentId);
}
