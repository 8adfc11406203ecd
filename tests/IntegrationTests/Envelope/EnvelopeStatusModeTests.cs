using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

/// <summary>
/// <c>Compat:EnvelopeStatus=AlwaysOk</c>: front ends that read only <c>code</c> (as AnqiCMS's own server answers)
/// get HTTP 200 for every <c>/api/...</c> envelope, with <c>code</c> and <c>msg</c> as they are in the default mode.
/// </summary>
public sealed class EnvelopeStatusModeTests : IntegrationTestBase
{
    [Test]
    public async Task AlwaysOk_EveryApiRefusal_AnswersHttp200WithTheSameCodeAndMsgAsTheDefaultMode()
    {
        await CreateUserAsync("reader", "reader-password-1");
        var always = await RefusalsAsync(FactoryWith(("Compat:EnvelopeStatus", "AlwaysOk")));
        var http = await RefusalsAsync(Factory);

        Assert.Multiple(() =>
        {
            foreach (var (name, (status, code, msg)) in always)
            {
                var (httpStatus, httpCode, httpMsg) = http[name];
                Assert.That(status, Is.EqualTo(200), name);
                Assert.That(httpStatus, Is.GreaterThanOrEqualTo(400), $"{name} in the default mode");
                Assert.That(code, Is.EqualTo(httpCode).And.Not.EqualTo(0), name);
                Assert.That(msg, Is.EqualTo(httpMsg), name);
            }
        });
    }

    [Test]
    public async Task AlwaysOk_LeavesTheV1DialectAndFilesWithTheirStatuses()
    {
        using var client = FactoryWith(("Compat:EnvelopeStatus", "AlwaysOk")).CreateClient();

        using var v1 = await client.GetAsync("/GetAllImages");
        using var file = await client.GetAsync("/uploads/202601/01/0123456789abcdef.jpg");

        Assert.That((int)v1.StatusCode, Is.EqualTo(401));
        Assert.That((int)file.StatusCode, Is.EqualTo(404));
    }

    private static async Task<Dictionary<string, (int Status, int Code, string Msg)>> RefusalsAsync(AttachmentsApiFactory factory)
    {
        using var anonymous = factory.CreateClient();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        using var reader = factory.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(reader, "reader", "reader-password-1"));

        var results = new Dictionary<string, (int, int, string)>();
        async Task Add(string name, Func<Task<HttpResponseMessage>> send)
        {
            using var response = await send();
            var body = await ReadJsonAsync(response);
            results[name] = ((int)response.StatusCode, body.GetProperty("code").GetInt32(), body.GetProperty("msg").GetString()!);
        }

        await Add("401", () => anonymous.GetAsync("/api/attachment/list"));
        await Add("403", () => reader.PostAsJsonAsync("/api/attachment/delete", new { id = 1 }));
        await Add("404 id", () => client.GetAsync("/api/attachment/detail?id=424242"));
        await Add("404 route", () => client.GetAsync("/api/no/such/route"));
        await Add("405", () => client.DeleteAsync("/api/attachment/list"));
        await Add("400", () => client.PostAsync("/api/attachment/delete", new StringContent("{", Encoding.UTF8, "application/json")));
        await Add("415", () => UploadAsync(client, Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>"), "page.jpg"));
        return results;
    }
}
