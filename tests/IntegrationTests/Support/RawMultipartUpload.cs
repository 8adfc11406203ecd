using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Attachments.IntegrationTests.Support;

/// <summary>A multipart upload written straight to a socket, streaming the file part from its source.</summary>
internal static class RawMultipartUpload
{
    private const string Boundary = "----attachments-raw-upload";

    public static async Task<(int Status, string Body)> SendAsync(Uri server, string token, string fileName, Stream file)
    {
        var head = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n" +
            "Content-Type: application/octet-stream\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        var length = head.Length + file.Length + tail.Length;

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var network = tcp.GetStream();
        var request = string.Create(CultureInfo.InvariantCulture,
            $"POST /api/attachment/upload HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n");
        await network.WriteAsync(Encoding.ASCII.GetBytes(request));
        await network.WriteAsync(head);
        await file.CopyToAsync(network, 81_920);
        await network.WriteAsync(tail);

        using var reader = new StreamReader(network, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, Dechunk(body));
    }

    private static string Dechunk(string body)
    {
        if (body.TrimStart().StartsWith('{'))
            return body;

        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(body[position..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
                return result.ToString();

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
