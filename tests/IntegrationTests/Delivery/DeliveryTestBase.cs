using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Delivery;

public abstract class DeliveryTestBase : IntegrationTestBase
{
    protected const string AcceptAvif = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
    protected const string AcceptWebp = "image/webp,*/*";

    /// <summary>A photo-like picture (a gradient with noise, so that formats compress as they would a photo).</summary>
    protected static byte[] Photo(uint width, uint height, MagickFormat format = MagickFormat.Jpeg) => TestPhotos.Gradient(width, height, format);

    protected static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? accept = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);

        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);

        return await client.SendAsync(request);
    }

    protected static async Task<MagickImageInfo> PictureOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(body.Take(400).ToArray()));
        return new MagickImageInfo(body);
    }

    protected static async Task<JsonElement> SignedUrlAsync(HttpClient client, object request, int status = 200)
    {
        using var response = await client.PostAsJsonAsync("/api/attachment/url", request);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
        return body;
    }

    protected static async Task<JsonElement> EditAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/attachment/edit", request);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    protected static async Task<JsonElement> DetailAsync(HttpClient client, long id)
    {
        using var response = await client.GetAsync($"/api/attachment/detail?id={id}");
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    protected static async Task AssertErrorAsync(HttpResponseMessage response, int status, params string[] words)
    {
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
        var message = body.GetProperty("msg").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(status switch { 401 => 1001, 403 => 1002, _ => -1 }), body.ToString());
            foreach (var word in words)
                Assert.That(message, Does.Contain(word).IgnoreCase);
        });
    }

    protected static Task<long> DerivativeCountAsync() => QueryScalarAsync<long>("select count(*) from attachment_derivatives");

    protected static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : null;

    protected static MediaTypeWithQualityHeaderValue Accept(string type) => new(type);
}
