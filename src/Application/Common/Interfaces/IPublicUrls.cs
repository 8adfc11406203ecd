namespace Attachments.Application.Common.Interfaces;

public interface IPublicUrls
{
    /// <summary>The absolute URL a browser downloads <paramref name="location"/> from.</summary>
    string For(string location);

    /// <summary>
    /// The absolute URL of <paramref name="location"/> on the service itself, with <paramref name="query"/>: transforms and
    /// signed links must reach the service even where <see cref="For"/> points at a bucket.
    /// </summary>
    string OnService(string location, string query);
}
