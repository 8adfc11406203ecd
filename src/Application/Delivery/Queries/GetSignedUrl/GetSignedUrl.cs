using System.Globalization;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Delivery.Queries.GetSignedUrl;

/// <summary>A signed URL of attachment <paramref name="Id"/> transformed as asked (the file itself when nothing is asked).</summary>
public sealed record GetSignedUrlQuery(long Id, int? W = null, int? H = null, string? Fit = null, string? Fmt = null, int? Q = null, decimal? Dpr = null)
    : IRequest<SignedUrlDto>;

/// <param name="ExpiresAt">Unix seconds after which the URL answers 403; null when it does not expire (a public file).</param>
public sealed record SignedUrlDto(string Url, long? ExpiresAt);

public sealed class GetSignedUrlQueryHandler(IApplicationDbContext db, DeliveryUrls urls, IOptions<ImageOptions> options)
    : IRequestHandler<GetSignedUrlQuery, SignedUrlDto>
{
    public async Task<SignedUrlDto> Handle(GetSignedUrlQuery request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {request.Id} does not exist.");

        var transform = ImageTransform.Parse(name => name switch
        {
            "w" => Text(request.W),
            "h" => Text(request.H),
            "fit" => request.Fit,
            "fmt" => request.Fmt,
            "q" => Text(request.Q),
            "dpr" => request.Dpr?.ToString(CultureInfo.InvariantCulture),
            _ => null,
        }, options.Value);

        var expires = attachment.Visibility == Visibility.Private ? urls.Expiry() : (DateTimeOffset?)null;
        if (transform is null)
            return new SignedUrlDto(urls.File(attachment), expires?.ToUnixTimeSeconds());

        if (!attachment.IsImage)
            throw new UnsupportedMediaTypeException("Only images can be transformed; this file is not one.");

        return new SignedUrlDto(urls.Transformed(attachment, transform, expires), expires?.ToUnixTimeSeconds());
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
