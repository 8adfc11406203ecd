using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

/// <summary>Messages and names read as written: no \u0027 for an apostrophe, no escapes for letters of any language.</summary>
public sealed class JsonEncodingTests : IntegrationTestBase
{
    [Test]
    public async Task Message_WithApostrophesAndAngleBrackets_IsSentAsWritten()
    {
        using var response = await Factory.CreateClient().GetAsync("/api/attachment/list");

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("'Authorization: Bearer <token>'").And.Not.Contain("\\u00"), text);
    }

    [Test]
    public async Task Data_WithAnApostropheAndOtherLetters_IsSentAsWritten()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsJsonAsync("/api/attachment/category/detail", new { title = "Bob's Отчёты & 年度" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("\"title\":\"Bob's Отчёты & 年度\""), text);
    }
}
