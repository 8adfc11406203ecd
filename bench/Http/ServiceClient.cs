using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Attachments.Bench.Http;

/// <summary>The service's public API, as a CMS admin front end calls it.</summary>
public sealed class ServiceClient : IDisposable
{
    private readonly HttpClient _http;

    private ServiceClient(HttpClient http) => _http = http;

    public static async Task<ServiceClient> LogInAsync(Uri baseAddress)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(15) };
        var login = await http.PostAsJsonAsync("api/login", new { user_name = ServiceUnderTest.AdminUser, password = ServiceUnderTest.AdminPassword });
        var token = (await Data(login)).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ServiceClient(http);
    }

    /// <summary>Uploads a file from disk, streamed; answers the attachment object.</summary>
    public async Task<JsonElement> UploadAsync(string path, string? fileName = null)
    {
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent();
        var content = new StreamContent(file, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName ?? Path.GetFileName(path));
        return await Data(await _http.PostAsync("api/attachment/upload", form));
    }

    public async Task DeleteAsync(long id) =>
        await Data(await _http.PostAsJsonAsync("api/attachment/delete", new { id }));

    /// <summary>Uploads, then deletes what was stored so the same bytes can be uploaded again (md5 de-duplicates).</summary>
    public async Task<JsonElement> UploadThenDeleteAsync(string path, Func<Task> measured)
    {
        var attachment = await UploadAsync(path);
        await measured();
        await DeleteAsync(attachment.GetProperty("id").GetInt64());
        return attachment;
    }

    /// <summary>Answers the list's whole answer (data, total, limit, cursor…) and the time from sending the request to having read the whole answer.</summary>
    public async Task<(JsonElement Data, TimeSpan Elapsed)> ListAsync(string query)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync("api/attachment/list?" + query);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"list?{query} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (JsonDocument.Parse(body).RootElement.Clone(), clock.Elapsed);
    }

    /// <summary>Reads GET /GetAllImages to its end without keeping it; answers the bytes read.</summary>
    public async Task<long> ReadAllImagesAsync()
    {
        using var response = await _http.GetAsync("GetAllImages", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[65536];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
            total += read;
        return total;
    }

    /// <summary>A signed URL from <c>POST /api/attachment/url</c>.</summary>
    public async Task<string> SignedUrlAsync(object request) =>
        (await Data(await _http.PostAsJsonAsync("api/attachment/url", request))).GetProperty("url").GetString()!;

    /// <summary>GETs a URL as a browser would (no token), reading the whole body; answers its length and the time taken.</summary>
    public async Task<(long Bytes, TimeSpan Elapsed)> FetchAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);

        var clock = Stopwatch.StartNew();
        using var response = await Anonymous.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.Take(300).ToArray())}");
        return (body.Length, clock.Elapsed);
    }

    private HttpClient Anonymous => _anonymous ??= new HttpClient { BaseAddress = _http.BaseAddress };

    private HttpClient? _anonymous;

    /// <summary>Starts the thumbnail rebuild job and waits until it is no longer running; answers the job object.</summary>
    public async Task<JsonElement> RebuildThumbnailsAsync()
    {
        var job = await Data(await _http.PostAsync("api/attachment/thumb/rebuild", null));
        var id = job.GetProperty("id").GetString();
        while (job.GetProperty("state").GetString() == "running")
        {
            await Task.Delay(200);
            job = await Data(await _http.GetAsync($"api/attachment/jobs/{id}"));
        }

        return job;
    }

    private static async Task<JsonElement> Data(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _anonymous?.Dispose();
    }
}
