namespace Attachments.Application.Delivery;

public static class DerivativeFormats
{
    public static string MimeTypeOf(string extension) => extension switch
    {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => throw new ArgumentOutOfRangeException(nameof(extension), extension, "Derivatives are jpg, png, webp or avif."),
    };
}
