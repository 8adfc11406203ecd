using System.Text.Json;

namespace Attachments.IntegrationTests.Envelope;

/// <summary>What every error of the Attachment API must look like to a client.</summary>
internal static class ErrorEnvelope
{
    public const int Error = -1;
    public const int NotLoggedIn = 1001;
    public const int NotAuthorised = 1002;

    private static readonly string[] Keys = ["code", "msg", "data", "request_id"];

    /// <summary>
/// Asserts the status and an envelope of exactly code, msg (not empty), data (null) and request_id (the
/// X-Request-Id response header); returns the body.
/// </summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);

        var body = Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(Keys), text);
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code), text);
            Assert.That(body.GetProperty("msg").GetString(), Is.Not.Null.And.Not.Empty, text);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null), text);
            Assert.That(body.GetProperty("request_id").GetString(), Is.Not.Empty.And.EqualTo(RequestIdHeader(response)), text);
            Assert.That(text, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace or exception name");
        });
        return body;
    }

    public static string Msg(JsonElement body) => body.GetProperty("msg").GetString()!;

    public static string? RequestIdHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? string.Join(",", values) : null;

    private static JsonElement Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"Expected a JSON envelope, got: {text}");
            throw;
        }
    }
}
