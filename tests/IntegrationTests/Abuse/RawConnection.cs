using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// A bare TCP connection to a Kestrel-backed API, for clients that misbehave in ways HttpClient cannot:
/// trickling headers or a body, never reading the answer, or coming from another loopback address.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawConnection> OpenAsync(Uri server, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
            socket.ReceiveBufferSize = size;

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        return new RawConnection(socket);
    }

    public async Task SendAsync(string ascii) => await SendAsync(Encoding.ASCII.GetBytes(ascii));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>
    /// Sends <paramref name="bytes"/> a few at a time with a pause between, until all are sent, the server closes
    /// the connection, or <paramref name="cancellationToken"/> fires; returns how many were sent.
    /// </summary>
    public async Task<int> TrickleAsync(byte[] bytes, int bytesPerStep, TimeSpan pause, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            while (sent < bytes.Length)
            {
                var count = Math.Min(bytesPerStep, bytes.Length - sent);
                await _stream.WriteAsync(bytes.AsMemory(sent, count), cancellationToken);
                sent += count;
                await Task.Delay(pause, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        return sent;
    }

    /// <summary>
    /// Everything the server sends until it closes the connection; fails the test when it has not closed it
    /// within <paramref name="bound"/>.
    /// </summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan bound)
    {
        using var output = new MemoryStream();
        await ReadUntilClosedAsync(bound, (buffer, count) => output.Write(buffer, 0, count));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>How many bytes the server sends until it closes (or resets) the connection, within <paramref name="bound"/>.</summary>
    public async Task<long> CountUntilClosedAsync(TimeSpan bound)
    {
        long total = 0;
        await ReadUntilClosedAsync(bound, (_, count) => total += count);
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task ReadUntilClosedAsync(TimeSpan bound, Action<byte[], int> received)
    {
        using var timeout = new CancellationTokenSource(bound);
        var buffer = new byte[64 * 1024];
        try
        {
            int count;
            while ((count = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
                received(buffer, count);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"The server kept the connection open for longer than {bound.TotalSeconds} s.");
        }
        catch (IOException)
        {
            // Reset by the server: closed as well.
        }
    }
}

/// <summary>What the first line of a raw HTTP answer says.</summary>
internal static class RawResponse
{
    public static int? Status(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(response.AsSpan(9, 3), out var status)
            ? status
            : null;

    public static string Body(string response)
    {
        var start = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (start < 0)
            return string.Empty;

        var body = response[(start + 4)..];
        return response[..start].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = lineEnd < 0 ? 0 : int.Parse(body[position..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
                return result.ToString();

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
