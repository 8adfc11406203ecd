using System.Globalization;
using Attachments.Application.Common;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Delivery;

/// <summary>
/// Every URL the attachment object gives: the file, its thumbnail, its named sizes and <c>srcset</c>, and signed
/// transforms. A public file's URLs are plain (a named size needs no signature); a private file's carry
/// <c>expires</c> and <c>s</c>, or are presigned bucket URLs with <c>Storage:Serve=Redirect</c>.
/// </summary>
public sealed class DeliveryUrls(
    IPublicUrls urls,
    IUrlSigner signer,
    IOptions<ImageOptions> images,
    IOptions<PublicFilesOptions> storage,
    IEnumerable<IStoredFileLinks> links,
    TimeProvider time)
{
    public string File(Attachment attachment) => Plain(attachment, attachment.FileLocation, attachment.StoredFileLocation, attachment.MimeType);

    public string Thumb(Attachment attachment) =>
        attachment.ThumbLocation is { } thumb ? Plain(attachment, thumb, attachment.StoredThumbLocation!, attachment.MimeType) : string.Empty;

    /// <summary>The named sizes smaller than the original, by name. GIFs have none: a size is a still picture.</summary>
    public IReadOnlyDictionary<string, SizeUrl> Sizes(Attachment attachment)
    {
        var sizes = new SortedDictionary<string, SizeUrl>(StringComparer.Ordinal);
        if (!HasSizes(attachment))
            return sizes;

        foreach (var (name, size) in images.Value.Sizes.Where(s => s.Value.IsEnabled))
        {
            var transform = ImageTransform.ForSize(size);
            var plan = transform.PlanFor(attachment.Width, attachment.Height, attachment.FocusX, attachment.FocusY);
            if (plan.CanvasWidth < attachment.Width || plan.CanvasHeight < attachment.Height)
                sizes[name.ToLowerInvariant()] = new SizeUrl(Transformed(attachment, transform), plan.CanvasWidth, plan.CanvasHeight);
        }

        return sizes;
    }

    /// <summary>The sizes that keep the picture's shape, then the original, as a ready <c>srcset</c>.</summary>
    public string Srcset(Attachment attachment)
    {
        if (!HasSizes(attachment))
            return string.Empty;

        var candidates = images.Value.Sizes.Values
            .Where(s => s.IsEnabled && ImageTransform.ForSize(s).Fit == TransformFit.Inside)
            .Select(ImageTransform.ForSize)
            .Select(t => (Transform: t, Plan: t.PlanFor(attachment.Width, attachment.Height, attachment.FocusX, attachment.FocusY)))
            .Where(c => c.Plan.CanvasWidth < attachment.Width)
            .DistinctBy(c => c.Plan.CanvasWidth)
            .OrderBy(c => c.Plan.CanvasWidth)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{Transformed(attachment, c.Transform)} {c.Plan.CanvasWidth}w"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"{File(attachment)} {attachment.Width}w"));
        return string.Join(", ", candidates);
    }

    /// <summary>
    /// A transform's URL on the service: unsigned for a public file's named size, otherwise signed (with
    /// <paramref name="expires"/>, or the signed URL lifetime, for a private file).
    /// </summary>
    public string Transformed(Attachment attachment, ImageTransform transform, DateTimeOffset? expires = null)
    {
        var query = transform.CanonicalQuery();
        if (attachment.Visibility == Visibility.Private)
            return Signed(attachment.FileLocation, Join(query, ExpiresParameter(expires ?? Expiry())));

        return transform.IsNamedSize(images.Value) ? urls.OnService(attachment.FileLocation, query) : Signed(attachment.FileLocation, query);
    }

    /// <summary>When the signed URLs made now expire: the lifetime, rounded up to the minute so that URLs repeat for a while and caches keep them.</summary>
    public DateTimeOffset Expiry()
    {
        var seconds = (time.GetUtcNow() + storage.Value.SignedUrlLifetime).ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds((seconds + 59) / 60 * 60);
    }

    public static string ExpiresParameter(DateTimeOffset expires) =>
        string.Create(CultureInfo.InvariantCulture, $"expires={expires.ToUnixTimeSeconds()}");

    public static string Join(string first, string second) => first.Length == 0 ? second : second.Length == 0 ? first : first + "&" + second;

    private static bool HasSizes(Attachment attachment) =>
        attachment is { IsImage: true, Width: > 0, Height: > 0 } && !attachment.FileLocation.EndsWith(".gif", StringComparison.OrdinalIgnoreCase);

    private string Plain(Attachment attachment, string location, string storedLocation, string mimeType)
    {
        if (attachment.Visibility == Visibility.Public)
            return urls.For(location);

        if (storage.Value is { Provider: StorageProvider.S3, Serve: ServeMode.Redirect } && links.FirstOrDefault() is { } bucket)
        {
            var disposition = attachment.IsImage ? null : AttachmentDisposition.For(attachment.FileName, location);
            return bucket.PresignedGet(storedLocation, ContentTypeOf(location, mimeType), disposition, Expiry());
        }

        return Signed(location, ExpiresParameter(Expiry()));
    }

    private string Signed(string location, string query) =>
        urls.OnService(location, Join(query, "s=" + signer.Sign(location, query)));

    private static string ContentTypeOf(string location, string mimeType) =>
        KnownFileTypes.ServedContentTypes.TryGetValue(Path.GetExtension(location).TrimStart('.'), out var type) ? type : mimeType;
}

public sealed record SizeUrl(string Url, int Width, int Height);
