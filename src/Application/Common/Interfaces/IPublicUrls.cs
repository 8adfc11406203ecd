namespace Attachments.Application.Common.Interfaces;

public interface IPublicUrls
{
    /// <summary>The absolute URL a browser downloads <paramref name="location"/> from.</summary>
    string For(string location);
}
