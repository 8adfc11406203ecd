using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Attachments.IntegrationTests.Tus;

/// <summary>tus 1.0 requests as a client sends them.</summary>
internal static class TusRequests
{
    public const string Endpoint = "/api/tus/";

    public static HttpRequestMessage Create(long length, params (string Key, string Value)[] metadata)
    {
        var request = Tus(HttpMethod.Post, Endpoint);
        request.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        if (metadata.Length > 0)
            request.Headers.Add("Upload-Metadata", string.Join(",", metadata.Select(m => $"{m.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Value))}")));

        return request;
    }

    public static HttpRequestMessage Patch(string url, long offset, byte[] bytes)
    {
        var request = Tus(HttpMethod.Patch, url);
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return request;
    }

    public static HttpRequestMessage Head(string url) => Tus(HttpMethod.Head, url);

    public static HttpRequestMessage Delete(string url) => Tus(HttpMethod.Delete, url);

    public static HttpRequestMessage Tus(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    /// <summary>POST, asserting 201; the upload's URL (a path on the service).</summary>
    public static async Task<string> CreatedAsync(HttpClient client, long length, params (string Key, string Value)[] metadata)
    {
        using var response = await client.SendAsync(Create(length, metadata));
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    public static long Offset(HttpResponseMessage response) =>
        long.Parse(Header(response, "Upload-Offset") ?? "-1", CultureInfo.InvariantCulture);
}
