namespace Attachments.Application.Common.Options;

public enum ThumbMode
{
    /// <summary>Scale down to fit inside the box, keeping the aspect ratio.</summary>
    Fit,

    /// <summary>Fit, then pad to exactly the box size.</summary>
    Pad,

    /// <summary>Fill the box and cut off what overflows, centred.</summary>
    Crop,
}
