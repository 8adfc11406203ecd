using System.Net.Http.Headers;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class ProbeTmp : IntegrationTestBase
{
    [Test]
    public async Task Probe()
    {
        var factory = FactoryWith(("Logging:LogLevel:Default", "Debug"), ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning"), ("Logging:LogLevel:Microsoft.AspNetCore", "Debug"));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        using var hangUp = new CancellationTokenSource();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new StallingStream(new byte[65536], hangUp.Token)), "file", "interrupted.pdf");
        await TestContext.Progress.WriteLineAsync("DEBUG sending");
        var t = client.PostAsync("/api/attachment/upload", form, hangUp.Token);
        await Task.Delay(3000);
        await TestContext.Progress.WriteLineAsync($"DEBUG {t.Status} {string.Join(",", FilesUnder(factory.StorageRoot))}");
        await hangUp.CancelAsync();
        try { await t; } catch (Exception e) { await TestContext.Progress.WriteLineAsync("DEBUG " + e.GetType()); }
        await Task.Delay(1000);
        await TestContext.Progress.WriteLineAsync($"DEBUG after {string.Join(",", FilesUnder(factory.StorageRoot))}");
    }
}
