using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Attachments.IntegrationTests.Browser;

namespace Attachments.IntegrationTests.Admin;

/// <summary>
/// A CMS page's own web server: HTML pages on a loopback port of their own, so that the page's origin
/// (<see cref="Origin"/>) is another one than the service's, as a real CMS that embeds the picker is.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly Task _serving;

    private StaticSite(int port)
    {
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary><c>http://127.0.0.1:port</c>, without a trailing slash, as browsers send it in <c>Origin</c>.</summary>
    public string Origin { get; }

    public static StaticSite Start() => new(BrowserUploadTests.FreeLoopbackPort());

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> (e.g. <c>/cms.html</c>) and answers its URL.</summary>
    public string Serve(string path, string html)
    {
        _pages[path] = html;
        return Origin + path;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (ObjectDisposedException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            if (_pages.TryGetValue(context.Request.Url?.AbsolutePath ?? string.Empty, out var html))
            {
                var body = Encoding.UTF8.GetBytes(html);
                response.ContentType = "text/html; charset=utf-8";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
