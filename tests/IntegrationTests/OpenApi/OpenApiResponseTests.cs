using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.OpenApi;

/// <summary>Real responses, success and errors of both dialects, match the schema documented for their status.</summary>
public sealed class OpenApiResponseTests : OpenApiTestBase
{
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private JsonNode _document = null!;

    [SetUp]
    public async Task LoadDocumentAsync()
    {
        _document = await GetDocumentAsync();
        _checked.Clear();
    }

    [Test]
    [DiskOnly("every operation is called, the direct upload's PUT to the service included, which a bucket replaces")]
    public async Task EverySuccessResponse_MatchesItsDocumentedSchema()
    {
        var anonymous = Factory.CreateClient();
        var login = await Check(anonymous.PostAsJsonAsync("/api/login", new { user_name = AttachmentsApiFactory.AdminUserName, password = AttachmentsApiFactory.AdminPassword }), "POST", "/api/login", 200);
        var client = await LoggedInClientAsync();
        Assert.That(login.GetProperty("data").GetProperty("token").GetString(), Is.Not.Empty);

        var category = await Check(client.PostAsJsonAsync("/api/attachment/category/detail", new { title = "Docs" }), "POST", "/api/attachment/category/detail", 200);
        var categoryId = category.GetProperty("data").GetProperty("id").GetInt64();
        await Check(client.GetAsync("/api/attachment/category/list"), "GET", "/api/attachment/category/list", 200);

        var uploaded = await Check(UploadAsync(client, TestFiles.Pdf("openapi"), "report.pdf", ("category_id", categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "POST", "/api/attachment/upload", 200);
        var id = uploaded.GetProperty("data").GetProperty("id").GetInt64();
        var whole = TestFiles.Pdf("chunked");
        var progress = await Check(UploadAsync(client, whole[..(whole.Length / 2)], "blob",
            ("chunks", "2"), ("chunk", "0"), ("file_name", "chunked.pdf"), ("md5", Convert.ToHexStringLower(MD5.HashData(whole)))),
            "POST", "/api/attachment/upload", 200);
        Assert.That(progress.GetProperty("data").GetProperty("complete").GetBoolean(), Is.False);

        var direct = TestFiles.Pdf("direct");
        var presigned = await Check(client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "direct.pdf", file_size = direct.Length, category_id = categoryId }),
            "POST", "/api/attachment/upload/presign", 200);
        using (var anonymousPut = Factory.CreateClient())
        {
            await Check(anonymousPut.PutAsync(presigned.GetProperty("data").GetProperty("url").GetString(), new ByteArrayContent(direct)),
                "PUT", "/api/attachment/upload/direct/{upload_id}", 200);
        }

        var completed = await Check(client.PostAsJsonAsync("/api/attachment/upload/complete", new { upload_id = presigned.GetProperty("data").GetProperty("upload_id").GetString() }),
            "POST", "/api/attachment/upload/complete", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/delete", new { id = completed.GetProperty("data").GetProperty("id").GetInt64() }), "POST", "/api/attachment/delete", 200);
        await Check(client.GetAsync("/api/attachment/list?trashed=1"), "GET", "/api/attachment/list", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/restore", new { id = completed.GetProperty("data").GetProperty("id").GetInt64() }), "POST", "/api/attachment/restore", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/delete", new { id = completed.GetProperty("data").GetProperty("id").GetInt64(), permanent = true }), "POST", "/api/attachment/delete", 200);

        await Check(client.GetAsync("/api/attachment/list?current=1&pageSize=10"), "GET", "/api/attachment/list", 200);
        await Check(client.GetAsync($"/api/attachment/detail?id={id}"), "GET", "/api/attachment/detail", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/edit", new { id, file_name = "renamed.pdf" }), "POST", "/api/attachment/edit", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/url", new { id }), "POST", "/api/attachment/url", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/category", new { category_id = 0, ids = new[] { id } }), "POST", "/api/attachment/category", 200);

        var user = await Check(client.PostAsJsonAsync("/api/user/save", new { user_name = "reader", password = "a-long-password", permissions = Array.Empty<string>() }),
            "POST", "/api/user/save", 200);
        await Check(client.GetAsync("/api/user/list"), "GET", "/api/user/list", 200);

        var scan = await Check(client.PostAsync("/api/attachment/scan", null), "POST", "/api/attachment/scan", 202);
        await WaitForJobAsync(client, scan.GetProperty("data").GetProperty("id").GetString()!);
        var rebuild = await Check(client.PostAsync("/api/attachment/thumb/rebuild", null), "POST", "/api/attachment/thumb/rebuild", 202);
        await WaitForJobAsync(client, rebuild.GetProperty("data").GetProperty("id").GetString()!);
        await Check(client.GetAsync("/api/attachment/jobs"), "GET", "/api/attachment/jobs", 200);

        var image = await Check(UploadImageAsync(client, File.ReadAllBytes(Fixtures.Image("camera/DSCN0010.jpg")), "camera.jpg"), "POST", "/UploadImage", 200);
        var images = await Check(client.GetAsync("/GetAllImages?page=1&pageSize=10"), "GET", "/GetAllImages", 200);
        Assert.That(images.GetProperty("data").GetArrayLength(), Is.EqualTo(1));
        await Check(client.DeleteAsync($"/DeleteImage?FileName={Uri.EscapeDataString(image.GetProperty("data").GetProperty("fileName").GetString()!)}"), "DELETE", "/DeleteImage", 200);

        await Check(client.PostAsJsonAsync("/api/attachment/delete", new { id }), "POST", "/api/attachment/delete", 200);
        await Check(client.PostAsJsonAsync("/api/attachment/category/delete", new { id = categoryId }), "POST", "/api/attachment/category/delete", 200);
        await Check(client.PostAsJsonAsync("/api/user/delete", new { id = user.GetProperty("data").GetProperty("id").GetInt64() }), "POST", "/api/user/delete", 200);

        var operations = Operations(_document).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.That(operations.Except(_checked), Is.Empty, "operations whose success response this test did not check");
    }

    [Test]
    [DiskOnly("every operation is called, the direct upload's PUT to the service included, which a bucket replaces")]
    public async Task AttachmentApiErrors_MatchTheErrorEnvelope()
    {
        using var anonymous = Factory.CreateClient();
        var client = await LoggedInClientAsync();

        var notLoggedIn = await Check(anonymous.GetAsync("/api/attachment/list"), "GET", "/api/attachment/list", 401);
        var wrongPassword = await Check(anonymous.PostAsJsonAsync("/api/login", new { user_name = "admin", password = "not-the-password" }), "POST", "/api/login", 401);
        var notJson = await Check(anonymous.PostAsync("/api/login", new StringContent("user=admin", Encoding.UTF8, "text/plain")), "POST", "/api/login", 415);
        var notFound = await Check(client.GetAsync("/api/attachment/detail?id=999999"), "GET", "/api/attachment/detail", 404);
        var badQuery = await Check(client.GetAsync("/api/attachment/detail?id=abc"), "GET", "/api/attachment/detail", 400);
        var badBody = await Check(client.PostAsJsonAsync("/api/attachment/edit", new { id = 0, file_name = "x.pdf" }), "POST", "/api/attachment/edit", 400);
        var noJob = await Check(client.GetAsync("/api/attachment/jobs/nope"), "GET", "/api/attachment/jobs/{id}", 404);
        var presigned = await ReadJsonAsync(await client.PostAsJsonAsync("/api/attachment/upload/presign", new { file_name = "a.pdf", file_size = 10 }));
        var url = presigned.GetProperty("data").GetProperty("url").GetString()!;
        var badSignature = await Check(anonymous.PutAsync(url.Replace("&s=", "&s=A", StringComparison.Ordinal), new ByteArrayContent(new byte[10])),
            "PUT", "/api/attachment/upload/direct/{upload_id}", 403);
        var nothingUploaded = await Check(client.PostAsJsonAsync("/api/attachment/upload/complete", new { upload_id = presigned.GetProperty("data").GetProperty("upload_id").GetString() }),
            "POST", "/api/attachment/upload/complete", 409);

        var category = await ReadJsonAsync(await client.PostAsJsonAsync("/api/attachment/category/detail", new { title = "Busy" }));
        var categoryId = category.GetProperty("data").GetProperty("id").GetInt64();
        await UploadOkAsync(client, TestFiles.Pdf("in busy"), "busy.pdf", ("category_id", categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var conflict = await Check(client.PostAsJsonAsync("/api/attachment/category/delete", new { id = categoryId }), "POST", "/api/attachment/category/delete", 409);
        var unprocessable = await Check(UploadAsync(client, File.ReadAllBytes(Fixtures.Image("camera/DSCN0010.jpg"))[..2048], "cut.jpg"), "POST", "/api/attachment/upload", 422);

        using var reader = await ClientOfUserWithoutPermissionsAsync(client);
        var forbidden = await Check(reader.PostAsJsonAsync("/api/attachment/category/detail", new { title = "No" }), "POST", "/api/attachment/category/detail", 403);

        Assert.Multiple(() =>
        {
            Assert.That(notLoggedIn.GetProperty("code").GetInt32(), Is.EqualTo(1001));
            Assert.That(wrongPassword.GetProperty("code").GetInt32(), Is.EqualTo(1001));
            Assert.That(forbidden.GetProperty("code").GetInt32(), Is.EqualTo(1002));
            Assert.That(badSignature.GetProperty("code").GetInt32(), Is.EqualTo(1002));
            foreach (var error in new[] { notJson, notFound, badQuery, badBody, noJob, conflict, unprocessable, nothingUploaded })
                Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(-1), error.ToString());
        });
    }

    [Test]
    public async Task ImageUploadV1Errors_MatchTheMessageEnvelope()
    {
        using var anonymous = Factory.CreateClient();
        var client = await LoggedInClientAsync();

        var errors = new List<JsonElement>
        {
            await Check(anonymous.GetAsync("/GetAllImages"), "GET", "/GetAllImages", 401),
            await Check(client.DeleteAsync("/DeleteImage?FileName=missing.jpg"), "DELETE", "/DeleteImage", 404),
            await Check(client.DeleteAsync("/DeleteImage"), "DELETE", "/DeleteImage", 400),
            await Check(UploadImageAsync(client, TestFiles.Pdf("not an image"), "doc.pdf"), "POST", "/UploadImage", 415),
            await Check(UploadImageAsync(client, File.ReadAllBytes(Fixtures.Image("camera/DSCN0010.jpg"))[..2048], "cut.jpg"), "POST", "/UploadImage", 422),
        };

        using var reader = await ClientOfUserWithoutPermissionsAsync(client);
        errors.Add(await Check(UploadImageAsync(reader, TestFiles.Pdf("x"), "x.pdf"), "POST", "/UploadImage", 403));

        Assert.Multiple(() =>
        {
            foreach (var error in errors)
            {
                Assert.That(error.TryGetProperty("code", out _), Is.False, error.ToString());
                Assert.That(error.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null), error.ToString());
            }
        });
    }

    private async Task<JsonElement> Check(Task<HttpResponseMessage> request, string method, string path, int expectedStatus)
    {
        using var response = await request;
        Assert.That((int)response.StatusCode, Is.EqualTo(expectedStatus), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        var body = await AssertDocumentedAsync(_document, response, method, path);
        _checked.Add($"{method} {path}");
        return body;
    }

    private async Task WaitForJobAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await Check(client.GetAsync($"/api/attachment/jobs/{id}"), "GET", "/api/attachment/jobs/{id}", 200);
            if (job.GetProperty("data").GetProperty("state").GetString() != "running")
                return;

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"job {id} still running");
            await Task.Delay(50);
        }
    }

    private static async Task<HttpClient> ClientOfUserWithoutPermissionsAsync(HttpClient admin)
    {
        using var saved = await admin.PostAsJsonAsync("/api/user/save", new { user_name = "nobody", password = "a-long-password", permissions = Array.Empty<string>() });
        Assert.That((int)saved.StatusCode, Is.EqualTo(200), await saved.Content.ReadAsStringAsync());

        var client = Factory.CreateClient();
        var token = await LoginAsync(client, "nobody", "a-long-password");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> UploadImageAsync(HttpClient client, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/UploadImage", form);
    }
}
