using System.Globalization;
using System.Text;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>The pieces of a one-file multipart upload, for sending by hand over a <see cref="RawConnection"/>.</summary>
internal sealed class SlowUpload(string path, string token, string fileName, int fileLength)
{
    private const string Boundary = "----attachments-slow-upload";

    public byte[] FormHead { get; } = Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\n" +
        "Content-Type: application/octet-stream\r\n\r\n");

    public byte[] FormTail { get; } = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");

    public string RequestHead(Uri server) => string.Create(CultureInfo.InvariantCulture,
        $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
        $"Content-Type: multipart/form-data; boundary={Boundary}\r\n" +
        $"Content-Length: {FormHead.Length + fileLength + FormTail.Length}\r\nConnection: close\r\n\r\n");
}
