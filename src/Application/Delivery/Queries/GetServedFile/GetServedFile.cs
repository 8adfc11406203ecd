using System.Globalization;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery.Commands.MakeDerivative;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Delivery.Queries.GetServedFile;

/// <summary>
/// What <c>GET /uploads/&lt;location&gt;</c> with a transform or a signature serves, once it is allowed: the file, its thumbnail
/// or a derivative. A private file needs a valid, unexpired signature; a transform that is not a named size needs a
/// valid signature.
/// </summary>
/// <param name="Accept">The request's <c>Accept</c> header, for <c>fmt=auto</c>.</param>
public sealed record GetServedFileQuery(string Location, ImageTransform? Transform, string? Expires, string? Signature, string? Accept)
    : IRequest<ServedFile>;

/// <param name="StoredLocation">Where the bytes are, once <paramref name="Missing"/> (if any) has made them.</param>
/// <param name="Missing">The derivative to make first: nobody has asked for it yet.</param>
/// <param name="DownloadName">For a file that is not an image: the name it downloads under.</param>
public sealed record ServedFile(
    string StoredLocation, string ContentType, bool IsPrivate, bool VariesByAccept, string? DownloadName, MakeDerivativeCommand? Missing = null);

public sealed class GetServedFileQueryHandler(
    IApplicationDbContext db, IUrlSigner signer, IImageProcessor images, IOptions<ImageOptions> options, IOptions<PublicFilesOptions> storage, TimeProvider time)
    : IRequestHandler<GetServedFileQuery, ServedFile>
{
    public async Task<ServedFile> Handle(GetServedFileQuery request, CancellationToken cancellationToken)
    {
        var location = request.Location;
        var name = Path.GetFileName(location);
        var isThumb = name.StartsWith("thumb_", StringComparison.Ordinal);
        var original = isThumb ? location[..^name.Length] + name["thumb_".Length..] : location;
        var extension = Path.GetExtension(location).TrimStart('.').ToLowerInvariant();
        var transform = request.Transform;
        var output = transform is null ? null : OutputFormat(transform.Format, extension, request.Accept);
        var key = output is null ? null : transform!.KeyFor(output);

        // One query: the attachment, and the derivative when one is asked for and made.
        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.FileLocation == original && (!isThumb || a.IsImage))
            .Select(a => new
            {
                a.Id, a.FileName, a.FileMd5, a.IsImage, a.Width, a.Visibility, a.MimeType,
                Made = key == null ? null : a.Derivatives.Where(d => d.FileMd5 == a.FileMd5 && d.Key == key).Select(d => d.Location).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Nothing is stored at {location}.");

        var isPrivate = attachment.Visibility == Visibility.Private;
        Authorise(request, isPrivate);

        if (transform is null)
        {
            var contentType = KnownFileTypes.ServedContentTypes.GetValueOrDefault(extension, attachment.MimeType);
            return new ServedFile(
                Attachment.StoredLocationFor(location, attachment.Visibility), contentType, isPrivate, VariesByAccept: false,
                attachment.IsImage ? null : AttachmentDisposition.For(attachment.FileName, location));
        }

        if (isThumb)
            throw new ValidationException("Transforms apply to the image itself, not to its thumbnail: drop thumb_ from the path.");
        if (!attachment.IsImage || attachment.Width == 0)
            throw new UnsupportedMediaTypeException("Only images can be transformed; this file is not one.");

        var variesByAccept = transform.Format == ImageTransform.Auto;
        var mimeType = DerivativeFormats.MimeTypeOf(output!);
        return attachment.Made is { } made
            ? new ServedFile(made, mimeType, isPrivate, variesByAccept, DownloadName: null)
            : new ServedFile(
                AttachmentDerivative.LocationFor(attachment.FileMd5, key!, output!), mimeType, isPrivate, variesByAccept, DownloadName: null,
                new MakeDerivativeCommand(attachment.Id, attachment.FileMd5, key!, output!, transform with { Format = output }));
    }

    private void Authorise(GetServedFileQuery request, bool isPrivate)
    {
        var transform = request.Transform;
        var canonical = DeliveryUrls.Join(transform?.CanonicalQuery() ?? string.Empty, request.Expires is null ? string.Empty : "expires=" + request.Expires);
        var signed = request.Signature is not null && signer.IsValid(request.Location, canonical, request.Signature);
        if (request.Signature is not null && !signed)
            throw new ForbiddenAccessException("The signature (s) does not match this URL: it was changed, or made with another key. Ask the API for a new URL.");

        if (request.Expires is not null)
        {
            if (!long.TryParse(request.Expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
                throw new ForbiddenAccessException("expires must be a unix time in seconds.");

            if (expires < time.GetUtcNow().ToUnixTimeSeconds())
            {
                throw new ForbiddenAccessException(
                    $"This link expired at {DateTimeOffset.FromUnixTimeSeconds(expires):u}. Ask the API (attachment detail or list) for a new one.");
            }
        }

        if (isPrivate && !(signed && request.Expires is not null))
        {
            throw new ForbiddenAccessException(
                "This file is private: it is served only on a signed link from the API (attachment detail or list, or POST /api/attachment/url), " +
                $"valid for {storage.Value.SignedUrlLifetime.TotalMinutes:0} minutes.");
        }

        if (transform is not null && !signed && !transform.IsNamedSize(options.Value))
        {
            throw new ForbiddenAccessException(
                "This transform is not one of the named sizes and is not signed: POST /api/attachment/url {id, w, h, fit, fmt, q} gives a signed URL for it.");
        }
    }

    /// <summary><c>auto</c>: AVIF, then WebP, when <c>Accept</c> names them and they can be written here; otherwise the stored format.</summary>
    private string OutputFormat(string? format, string storedExtension, string? accept)
    {
        var stored = storedExtension == "gif" ? "png" : storedExtension;
        if (format != ImageTransform.Auto)
            return format ?? stored;

        foreach (var candidate in new[] { "avif", "webp" })
        {
            if (accept?.Contains("image/" + candidate, StringComparison.OrdinalIgnoreCase) == true && images.CanWrite(candidate))
                return candidate;
        }

        return stored;
    }
}
