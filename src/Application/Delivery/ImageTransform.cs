using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Options;

namespace Attachments.Application.Delivery;

public enum TransformFit
{
    /// <summary>Scale down to fit inside the box, keeping the aspect ratio.</summary>
    Inside,

    /// <summary>Fill the box, cutting off what overflows around the focal point.</summary>
    Cover,

    /// <summary>Fit inside, then pad to exactly the box.</summary>
    Contain,
}

/// <summary>
/// The parameters of <c>/uploads/&lt;location&gt;?w=&amp;h=&amp;fit=&amp;fmt=&amp;q=&amp;dpr=</c>, parsed and bounded, with the one
/// canonical query that is signed and that names the derivative.
/// </summary>
public sealed record ImageTransform(int? Width, int? Height, TransformFit Fit, string? Format, int? Quality, decimal? Dpr)
{
    public const string Auto = "auto";

    /// <summary>What <c>fmt</c> may ask for; SVG, GIF and anything else are refused.</summary>
    public static readonly IReadOnlyList<string> Formats = [Auto, "webp", "avif", "jpg", "png"];

    public static readonly string[] ParameterNames = ["w", "h", "fit", "fmt", "q", "dpr"];

    public const decimal MaxDpr = 4;

    public bool IsEmpty => Width is null && Height is null && Format is null && Quality is null && Dpr is null;

    /// <summary>Parses the transform parameters of a query; null when it has none.</summary>
    /// <exception cref="ValidationException">A parameter is malformed or out of bounds.</exception>
    public static ImageTransform? Parse(Func<string, string?> query, ImageOptions options)
    {
        if (ParameterNames.All(name => query(name) is null))
            return null;

        var width = Dimension(query("w"), "w", options.MaxWidth);
        var height = Dimension(query("h"), "h", options.MaxHeight);
        var fit = query("fit") switch
        {
            null or "inside" => TransformFit.Inside,
            "cover" => TransformFit.Cover,
            "contain" => TransformFit.Contain,
            var other => throw new ValidationException($"fit must be inside, cover or contain, not '{Shown(other)}'."),
        };
        var format = query("fmt") switch
        {
            null => null,
            "jpeg" => "jpg",
            var f when Formats.Contains(f) => f,
            var other => throw new ValidationException($"fmt must be one of {string.Join(", ", Formats)}, not '{Shown(other)}'."),
        };
        int? quality = query("q") is { } q
            ? int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 100
                ? parsed
                : throw new ValidationException($"q must be a whole number from 1 to 100, not '{Shown(q)}'.")
            : null;
        decimal? dpr = query("dpr") is { } d
            ? decimal.TryParse(d, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 1 and <= MaxDpr
                ? Math.Round(ratio, 2)
                : throw new ValidationException($"dpr must be a number from 1 to {MaxDpr}, not '{Shown(d)}'.")
            : null;

        // Without a box both ways a cover or contain is an inside: one canonical form, one signature, one derivative.
        if (width is null || height is null)
            fit = TransformFit.Inside;

        if (dpr == 1)
            dpr = null;

        var transform = new ImageTransform(width, height, fit, format, quality, dpr);
        var (boxWidth, boxHeight) = (transform.ScaledWidth ?? 1, transform.ScaledHeight ?? 1);
        if ((long)boxWidth * boxHeight > options.MaxTransformPixels || boxWidth > options.MaxWidth || boxHeight > options.MaxHeight)
        {
            throw new ValidationException(
                $"The transform asks for {boxWidth}×{boxHeight} pixels; the limit is {options.MaxWidth}×{options.MaxHeight} and {options.MaxTransformPixels} pixels in all.");
        }

        return transform;
    }

    /// <summary>A named size as a transform (its format left to the browser).</summary>
    public static ImageTransform ForSize(ImageSize size)
    {
        int? width = size.Width > 0 ? size.Width : null;
        int? height = size.Height > 0 ? size.Height : null;
        var fit = width is null || height is null ? TransformFit.Inside : FitOf(size);
        return new ImageTransform(width, height, fit, Auto, null, null);
    }

    /// <summary>True for the box, fit and quality of a named size: those need no signature, whatever the format.</summary>
    public bool IsNamedSize(ImageOptions options) =>
        Quality is null && Dpr is null && options.Sizes.Values.Where(s => s.IsEnabled).Select(ForSize)
            .Any(size => size.Width == Width && size.Height == Height && size.Fit == Fit);

    public int? ScaledWidth => Width is { } w ? (int)Math.Round(w * (Dpr ?? 1)) : null;

    public int? ScaledHeight => Height is { } h ? (int)Math.Round(h * (Dpr ?? 1)) : null;

    /// <summary>The parameters given, in a fixed order: what is signed, and what a URL carries.</summary>
    public string CanonicalQuery()
    {
        var parts = new List<string>(6);
        if (Width is { } w)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"w={w}"));
        if (Height is { } h)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"h={h}"));
        if (Fit != TransformFit.Inside)
            parts.Add("fit=" + Fit.ToString().ToLowerInvariant());
        if (Format is { } f)
            parts.Add("fmt=" + f);
        if (Quality is { } q)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"q={q}"));
        if (Dpr is { } d)
            parts.Add("dpr=" + d.ToString("0.##", CultureInfo.InvariantCulture));

        return string.Join('&', parts);
    }

    /// <summary>
    /// Names the derivative in <paramref name="extension"/> (the format chosen, never "auto"), from the request alone so
    /// that one query finds the attachment and its derivative. The content is the row's md5, beside the key; a new
    /// focal point removes the crops made around the old one.
    /// </summary>
    public string KeyFor(string extension) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("v1|" + (this with { Format = extension }).CanonicalQuery())))[..16];

    /// <summary>What the output is, for a source of <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/>: never enlarged.</summary>
    public TransformPlan PlanFor(int sourceWidth, int sourceHeight, double focusX, double focusY)
    {
        double boxWidth = ScaledWidth ?? double.PositiveInfinity;
        double boxHeight = ScaledHeight ?? double.PositiveInfinity;
        var full = new CropWindow(0, 0, 1, 1);
        switch (Fit)
        {
            case TransformFit.Cover:
            {
                // The largest window of the box's shape inside the source, centred on the focal point where the edges allow.
                var aspect = boxWidth / boxHeight;
                var (cropWidth, cropHeight) = (double)sourceWidth / sourceHeight > aspect
                    ? (sourceHeight * aspect, (double)sourceHeight)
                    : (sourceWidth, sourceWidth / aspect);
                var scale = Math.Min(1, boxWidth / cropWidth);
                var left = Math.Clamp((focusX * sourceWidth) - (cropWidth / 2), 0, sourceWidth - cropWidth);
                var top = Math.Clamp((focusY * sourceHeight) - (cropHeight / 2), 0, sourceHeight - cropHeight);
                var window = new CropWindow(left / sourceWidth, top / sourceHeight, cropWidth / sourceWidth, cropHeight / sourceHeight);
                var (width, height) = (Pixels(cropWidth * scale), Pixels(cropHeight * scale));
                return new TransformPlan(width, height, width, height, window);
            }

            case TransformFit.Contain:
            {
                var scale = Math.Min(1, Math.Min(boxWidth / sourceWidth, boxHeight / sourceHeight));
                return new TransformPlan(Pixels(sourceWidth * scale), Pixels(sourceHeight * scale), (int)boxWidth, (int)boxHeight, full);
            }

            default:
            {
                var scale = Math.Min(1, Math.Min(boxWidth / sourceWidth, boxHeight / sourceHeight));
                var (width, height) = (Pixels(sourceWidth * scale), Pixels(sourceHeight * scale));
                return new TransformPlan(width, height, width, height, full);
            }
        }
    }

    private static int Pixels(double value) => Math.Max(1, (int)Math.Round(value));

    private static TransformFit FitOf(ImageSize size) => size.Mode switch
    {
        ThumbMode.Crop => TransformFit.Cover,
        ThumbMode.Pad => TransformFit.Contain,
        _ => TransformFit.Inside,
    };

    private static int? Dimension(string? value, string name, int max) => value is null
        ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pixels) && pixels >= 1 && pixels <= max
            ? pixels
            : throw new ValidationException($"{name} must be a whole number of pixels from 1 to {max}, not '{Shown(value)}'.");

    // A hostile value is echoed only in part.
    private static string Shown(string value) => value.Length > 20 ? value[..20] + "…" : value;
}

/// <summary>A part of the source, as fractions of its width and height.</summary>
public readonly record struct CropWindow(double Left, double Top, double Width, double Height);

/// <param name="ImageWidth">The picture's size once cropped and scaled.</param>
/// <param name="CanvasWidth">The output's size: the picture's, or the padded box for <see cref="TransformFit.Contain"/>.</param>
public sealed record TransformPlan(int ImageWidth, int ImageHeight, int CanvasWidth, int CanvasHeight, CropWindow Crop);
