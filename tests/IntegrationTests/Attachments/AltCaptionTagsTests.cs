using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Attachments;

/// <summary>Alt text, caption and tags: set by edit, in the object and the row, found by the list's q and tag.</summary>
public sealed class AltCaptionTagsTests : IntegrationTestBase
{
    [Test]
    public async Task Edit_SetsAltCaptionAndTags_InTheObjectAndTheRow()
    {
        var client = await LoggedInClientAsync();
        var id = (await UploadOkAsync(client, TestPhotos.Gradient(300, 200), "harbour.jpg")).GetProperty("id").GetInt64();

        var edited = await EditOkAsync(client, new { id, alt = "  Boats in the harbour at dawn ", caption = "Taken from the pier.\nMorning.", tags = new[] { "harbour", " boats ", "Boats", "dawn" } });
        var row = await QueryScalarAsync<string>("select alt || '|' || caption || '|' || array_to_string(tags, ',') from attachments where id = @id", ("id", id));

        Assert.Multiple(() =>
        {
            Assert.That(edited.GetProperty("alt").GetString(), Is.EqualTo("Boats in the harbour at dawn"));
            Assert.That(edited.GetProperty("caption").GetString(), Is.EqualTo("Taken from the pier.\nMorning."));
            Assert.That(edited.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "harbour", "boats", "dawn" }), "trimmed, each once in any case");
            Assert.That(row, Is.EqualTo("Boats in the harbour at dawn|Taken from the pier.\nMorning.|harbour,boats,dawn"));
        });
    }

    [Test]
    public async Task NewUpload_HasEmptyAltCaptionAndTags_AndEmptyValuesClearThem()
    {
        var client = await LoggedInClientAsync();
        var stored = await UploadOkAsync(client, TestFiles.Pdf(), "notes.pdf");
        var id = stored.GetProperty("id").GetInt64();
        await EditOkAsync(client, new { id, alt = "x", caption = "y", tags = new[] { "z" } });

        var cleared = await EditOkAsync(client, new { id, alt = "", caption = "", tags = Array.Empty<string>() });

        Assert.Multiple(() =>
        {
            Assert.That(stored.GetProperty("alt").GetString(), Is.Empty);
            Assert.That(stored.GetProperty("caption").GetString(), Is.Empty);
            Assert.That(stored.GetProperty("tags").GetArrayLength(), Is.Zero);
            Assert.That(cleared.GetProperty("alt").GetString(), Is.Empty);
            Assert.That(cleared.GetProperty("caption").GetString(), Is.Empty);
            Assert.That(cleared.GetProperty("tags").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task List_Q_FindsNameAltCaptionAndTags_AndTag_FindsATagExactly()
    {
        var client = await LoggedInClientAsync();
        var byName = await UploadIdAsync(client, "lighthouse.pdf");
        var byAlt = await UploadIdAsync(client, "a.pdf");
        var byCaption = await UploadIdAsync(client, "b.pdf");
        var byTag = await UploadIdAsync(client, "c.pdf");
        var none = await UploadIdAsync(client, "d.pdf");
        await EditOkAsync(client, new { id = byAlt, alt = "The old LIGHTHOUSE at night" });
        await EditOkAsync(client, new { id = byCaption, caption = "Seen from the lighthouse" });
        await EditOkAsync(client, new { id = byTag, tags = new[] { "lighthouses", "coast" } });
        await EditOkAsync(client, new { id = none, tags = new[] { "coastline" } });

        var q = await ListIdsAsync(client, "q=lighthouse");
        var tag = await ListIdsAsync(client, "tag=coast");
        var tagAndQ = await ListIdsAsync(client, "tag=coast&q=lighthouses");
        var missing = await ListIdsAsync(client, "tag=lighthouse");

        Assert.Multiple(() =>
        {
            Assert.That(q, Is.EquivalentTo(new[] { byName, byAlt, byCaption, byTag }));
            Assert.That(tag, Is.EqualTo(new[] { byTag }), "exactly the tag, not coastline");
            Assert.That(tagAndQ, Is.EqualTo(new[] { byTag }));
            Assert.That(missing, Is.Empty, "tag= is exact: lighthouses is not lighthouse");
        });
    }

    [Test]
    public async Task List_ByTag_CountsItsTotal()
    {
        var client = await LoggedInClientAsync();
        for (var i = 0; i < 3; i++)
            await EditOkAsync(client, new { id = await UploadIdAsync(client, $"f{i}.pdf"), tags = new[] { "report" } });
        await UploadIdAsync(client, "other.pdf");

        using var response = await client.GetAsync("/api/attachment/list?tag=report&pageSize=2");
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(3));
            Assert.That(body.GetProperty("data").GetArrayLength(), Is.EqualTo(2));
            Assert.That(body.GetProperty("cursor").ValueKind, Is.EqualTo(JsonValueKind.String));
        });
    }

    [TestCase("alt", 1001, "alt")]
    [TestCase("caption", 2001, "caption")]
    public async Task Edit_TooLongText_Is400(string field, int length, string message)
    {
        var client = await LoggedInClientAsync();
        var id = await UploadIdAsync(client, "x.pdf");

        using var response = await client.PostAsJsonAsync("/api/attachment/edit", new Dictionary<string, object> { ["id"] = id, [field] = new string('a', length) });

        await AssertBadRequestAsync(response, message);
    }

    [Test]
    public async Task Edit_BadTags_Are400_AndChangeNothing()
    {
        var client = await LoggedInClientAsync();
        var id = await UploadIdAsync(client, "x.pdf");

        using var tooMany = await client.PostAsJsonAsync("/api/attachment/edit", new { id, tags = Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray() });
        using var tooLong = await client.PostAsJsonAsync("/api/attachment/edit", new { id, tags = new[] { new string('t', 51) } });
        using var empty = await client.PostAsJsonAsync("/api/attachment/edit", new { id, tags = new[] { "ok", "  " } });
        using var control = await client.PostAsJsonAsync("/api/attachment/edit", new { id, tags = new[] { "a\u0000b" } });
        using var tagQuery = await client.GetAsync("/api/attachment/list?tag=" + new string('t', 51));

        await AssertBadRequestAsync(tooMany, "at most 20");
        await AssertBadRequestAsync(tooLong, "1 to 50");
        await AssertBadRequestAsync(empty, "1 to 50");
        await AssertBadRequestAsync(control, "control");
        await AssertBadRequestAsync(tagQuery, "tag");
        Assert.That(await QueryScalarAsync<int>("select cardinality(tags) from attachments where id = @id", ("id", id)), Is.Zero);
    }

    [Test]
    public async Task Columns_AreCommentedForDbas()
    {
        var comments = await QueryScalarAsync<long>("""
            select count(*) from pg_attribute
            where attrelid = 'attachments'::regclass and attname in ('alt', 'caption', 'tags')
              and col_description(attrelid, attnum) is not null
            """);

        Assert.That(comments, Is.EqualTo(3));
    }

    private static async Task<long> UploadIdAsync(HttpClient client, string name) =>
        (await UploadOkAsync(client, TestFiles.Pdf(name), name)).GetProperty("id").GetInt64();

    private static async Task<JsonElement> EditOkAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/attachment/edit", request);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    private static async Task<List<long>> ListIdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/attachment/list?pageSize=100&" + query);
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return [.. body.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetInt64())];
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string words)
    {
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Does.Contain(words), body.ToString());
    }
}
