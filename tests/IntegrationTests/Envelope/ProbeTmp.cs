using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Attachments.IntegrationTests.Envelope;

public sealed class ProbeTmp
{
    [Test]
    public async Task Probe()
    {
        using var host = await new HostBuilder().ConfigureWebHost(b => b.UseTestServer().Configure(app => app.Run(async c =>
        {
            await TestContext.Progress.WriteLineAsync("DEBUG server start");
            var buffer = new byte[100];
            var n = await c.Request.Body.ReadAsync(buffer);
            await TestContext.Progress.WriteLineAsync($"DEBUG server read {n}");
            await c.Response.WriteAsync("ok");
        }))).StartAsync();
        using var client = host.GetTestClient();
        using var hangUp = new CancellationTokenSource();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new StallingStream(new byte[65536], hangUp.Token)), "file", "interrupted.pdf");
        var t = client.PostAsync("/x", form, hangUp.Token);
        await Task.Delay(2000);
        await TestContext.Progress.WriteLineAsync($"DEBUG {t.Status}");
        await hangUp.CancelAsync();
        try { await t; } catch (Exception e) { await TestContext.Progress.WriteLineAsync("DEBUG " + e.GetType()); }
    }
}
