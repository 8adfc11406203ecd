using System.Net;
using System.Net.Sockets;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// HttpClients whose connections come from other loopback addresses (127.0.0.2, 127.0.0.3, …), so that a
/// Kestrel-backed API sees distinct client addresses on one machine.
/// </summary>
internal static class LoopbackClients
{
    public static HttpClient From(string address, Uri server) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
