namespace Attachments.Application.Common.Interfaces;

/// <summary>Signs URLs of the service (transforms, private files) so that only the service can make them.</summary>
public interface IUrlSigner
{
    /// <param name="location">The file's location, <c>uploads/…</c>.</param>
    /// <param name="canonicalQuery">The signed parameters in their canonical order, without <c>s</c>.</param>
    string Sign(string location, string canonicalQuery);

    /// <summary>Compares in constant time.</summary>
    bool IsValid(string location, string canonicalQuery, string? signature);
}
