using System.Text;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

/// <summary>A body that is not the JSON an endpoint takes is answered in the service's words: which body, where, what.</summary>
public sealed class MalformedJsonTests : IntegrationTestBase
{
    private static readonly string[] SerializerWords = ["Expected depth", "LineNumber", "BytePositionInLine", "Path: $", "System.", "field is required"];

    [TestCase("/api/attachment/edit", """{"id":12,""", "The JSON body of POST /api/attachment/edit is not valid JSON at line 1, position 9")]
    [TestCase("/api/attachment/delete", "{\"ids\":[1,2\n", "The JSON body of POST /api/attachment/delete is not valid JSON at line 2, position 1")]
    [TestCase("/api/attachment/category/detail", """{"title":"Banners" "id":1}""", "is not valid JSON at line 1, position 20")]
    [TestCase("/api/user/save", "{'user_name':'x'}", "is not valid JSON at line 1, position 2")]
    public async Task BrokenJson_Returns400NamingTheBodyAndWhere(string path, string json, string expected)
    {
        var message = await RefusedAsync(path, json);

        Assert.That(message, Does.Contain(expected));
    }

    [TestCase("/api/attachment/edit", """{"id":"twelve"}""", "id must be a whole number")]
    [TestCase("/api/attachment/delete", """{"ids":12}""", "ids must be an array of whole numbers")]
    [TestCase("/api/attachment/delete", """{"ids":[12,"x"]}""", "ids[1] must be a whole number")]
    [TestCase("/api/attachment/category/detail", """{"title":{"en":"Banners"}}""", "title must be a string")]
    [TestCase("/api/user/save", """{"user_name":"editor","permissions":"attachment.upload"}""", "permissions must be an array of strings")]
    [TestCase("/api/attachment/category", """[1,2]""", "must be a JSON object")]
    public async Task WrongJsonType_Returns400NamingTheFieldAndWhatItMustBe(string path, string json, string expected)
    {
        var message = await RefusedAsync(path, json);

        Assert.That(message, Does.Contain(expected).And.Contain(" at line 1, position "));
    }

    [Test]
    public async Task EmptyBody_Returns400SayingSo()
    {
        var message = await RefusedAsync("/api/attachment/delete", "");

        Assert.That(message, Is.EqualTo("The JSON body of POST /api/attachment/delete is empty; send a JSON object."));
    }

    private async Task<string> RefusedAsync(string path, string json)
    {
        var client = await LoggedInClientAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(path, content);

        var message = ErrorEnvelope.Msg(await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error));
        Assert.That(SerializerWords.Where(w => message.Contains(w, StringComparison.Ordinal)), Is.Empty, message);
        return message;
    }
}
