using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Attachments.IntegrationTests.Durability;

/// <summary>
/// An HTTP client on one new TCP connection whose local port is known, so that the first send the traced service
/// makes to that port, the start of its response, can be found in the trace.
/// </summary>
internal sealed class TracedConnection : IDisposable
{
    private int _port;

    private TracedConnection(Uri baseAddress, AuthenticationHeaderValue? authorization)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                if (_port != 0)
                    throw new InvalidOperationException("A traced connection makes one TCP connection only.");

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    _port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = authorization;
    }

    public HttpClient Client { get; }

    /// <summary>The client's port, which the service's socket for this connection has as its peer.</summary>
    public int Port => _port != 0 ? _port : throw new InvalidOperationException("Nothing has been sent yet.");

    /// <summary>A connection with the same address and credentials as <paramref name="client"/>.</summary>
    public static TracedConnection Like(HttpClient client) => new(client.BaseAddress!, client.DefaultRequestHeaders.Authorization);

    public void Dispose() => Client.Dispose();
}
