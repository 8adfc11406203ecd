using Attachments.Application.Common.Exceptions;
using Attachments.Domain.Entities;

namespace Attachments.Application.Attachments.Common;

public static class Visibilities
{
    /// <summary><c>public</c> or <c>private</c> (any case); null for none given.</summary>
    /// <exception cref="ValidationException">Anything else.</exception>
    public static Visibility? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "public" => Visibility.Public,
        "private" => Visibility.Private,
        _ => throw new ValidationException($"visibility must be 'public' or 'private', not '{(text.Length > 20 ? text[..20] + "…" : text)}'."),
    };

    public static string Name(Visibility visibility) => visibility == Visibility.Private ? "private" : "public";
}
