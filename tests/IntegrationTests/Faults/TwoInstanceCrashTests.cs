using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// Two instances share one database and one storage folder. One of them is SIGKILLed at each step of an upload, a
/// replace, a delete and a move (held there by <c>Faults:PauseAt</c>); the other, never restarted, settles what the
/// dead one left: after each kill every row has its files, every file its row, no operation is pending and nothing
/// is staged, and the change is there exactly when its transaction had committed.
/// </summary>
public sealed class TwoInstanceCrashTests : ProcessTestBase
{
    private static readonly string[] Steps = ["before-commit", "after-commit", "between-steps", "before-row-deleted"];
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    // The lease must outlast a cold instance's first request from its commit to its first step, or the survivor
    // takes the operation over first and the dying one never reaches its fault point; the survivor waits it out.
    private static readonly Dictionary<string, string> Quick = new()
    {
        ["Storage:OperationLease"] = "00:00:04",
        ["Storage:SweepInterval"] = "00:00:00.250",
        // Likewise the age at which a dead instance's staged files go: a live one's must not be taken for them.
        ["Storage:StagedMaxAge"] = "00:00:06",
    };

    private uint _nextImage = 40;

    [Test]
    public async Task Upload_KilledAtEachStep_TheOtherInstanceSettlesIt()
    {
        var survivor = await StartServiceAsync(Quick);
        using var client = await survivor.LoggedInClientAsync();
        foreach (var step in Steps)
        {
            var image = NextImage();
            await KillDuringAsync(step, dying => UploadAsync(dying, image, $"new-{step}.jpg"));

            var stored = await QueryScalarAsync<long>("select count(*) from attachments where file_md5 = @md5", ("md5", Md5(image)));
            Assert.That(stored, Is.EqualTo(step == "before-commit" ? 0 : 1), $"killed {step}: stored only once committed");
        }
    }

    [Test]
    public async Task Replace_KilledAtEachStep_TheOtherInstanceSettlesIt()
    {
        var survivor = await StartServiceAsync(Quick);
        using var client = await survivor.LoggedInClientAsync();
        foreach (var step in Steps)
        {
            var original = await UploadOkAsync(client, NextImage(), $"original-{step}.jpg");
            var id = original.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var image = NextImage();
            await KillDuringAsync(step, dying => UploadAsync(dying, image, $"replacement-{step}.jpg", ("id", id)));

            var md5 = (await QueryScalarAsync<string>($"select file_md5 from attachments where id = {id}")).Trim();
            Assert.That(md5, Is.EqualTo(step == "before-commit" ? original.GetProperty("file_md5").GetString() : Md5(image)), $"killed {step}");
            using var served = await client.GetAsync("/" + original.GetProperty("file_location").GetString());
            Assert.That((int)served.StatusCode, Is.EqualTo(200), "the URL stays the same");
        }
    }

    [Test]
    public async Task Delete_KilledAtEachStep_TheOtherInstanceSettlesIt()
    {
        var survivor = await StartServiceAsync(Quick);
        using var client = await survivor.LoggedInClientAsync();
        foreach (var step in Steps)
        {
            var stored = await UploadOkAsync(client, NextImage(), $"doomed-{step}.jpg");
            var id = stored.GetProperty("id").GetInt64();
            await KillDuringAsync(step, dying => dying.PostAsJsonAsync("/api/attachment/delete", new { id }));

            var left = await QueryScalarAsync<long>($"select count(*) from attachments where id = {id}");
            Assert.That(left, Is.EqualTo(step == "before-commit" ? 1 : 0), $"killed {step}");
        }
    }

    [Test]
    public async Task Move_KilledAtEachStep_TheOtherInstanceSettlesIt()
    {
        var survivor = await StartServiceAsync(Quick);
        using var client = await survivor.LoggedInClientAsync();
        foreach (var step in Steps)
        {
            var stored = await UploadOkAsync(client, NextImage(), $"moved-{step}.jpg");
            var id = stored.GetProperty("id").GetInt64();
            var from = stored.GetProperty("file_location").GetString()!;
            var to = $"uploads/moved/{step}.jpg";
            await KillDuringAsync(step, dying => dying.PostAsJsonAsync("/api/attachment/edit", new { id, file_location = to }));

            var location = await QueryScalarAsync<string>($"select file_location from attachments where id = {id}");
            Assert.That(location, Is.EqualTo(step == "before-commit" ? from : to), $"killed {step}");
        }
    }

    /// <summary>
    /// Starts a second instance held at <paramref name="step"/>, sends it <paramref name="request"/>, kills it there,
    /// and waits for the surviving instance to leave storage and database consistent.
    /// </summary>
    private async Task KillDuringAsync(string step, Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        var dying = await StartServiceAsync(new Dictionary<string, string>(Quick) { ["Faults:PauseAt"] = step });
        using var client = await dying.LoggedInClientAsync();
        var sent = request(client);
        await dying.WaitForOutputAsync($"Fault point {step} reached", TimeSpan.FromSeconds(30));
        await dying.KillAsync();
        Assert.That(async () => (await sent).Dispose(), Throws.InstanceOf<HttpRequestException>(), $"killed {step}: never answered");

        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, SettleLimit);
    }

    private byte[] NextImage()
    {
        var side = _nextImage++;
        return GeneratedImages.TwoHalves(MagickFormat.Jpeg, side, side);
    }

    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
