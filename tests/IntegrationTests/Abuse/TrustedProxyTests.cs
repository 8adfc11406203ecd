using System.Net.Http.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>
/// Behind a reverse proxy, the per-address login limit counts the address the proxy forwards; from anyone who is
/// not a configured proxy, X-Forwarded-For is ignored so a client cannot dodge the limit by inventing addresses.
/// </summary>
public sealed class TrustedProxyTests : IntegrationTestBase
{
    private const string Proxy = "127.0.0.2";

    [Test]
    public async Task Login_ThroughAKnownProxy_IsLimitedPerForwardedAddress()
    {
        var server = StartKestrel(("ForwardedHeaders:KnownProxies:0", Proxy));
        using var proxy = LoopbackClients.From(Proxy, server);

        using var first = await LoginAsync(proxy, forwardedFor: "203.0.113.5");
        using var limited = await LoginAsync(proxy, forwardedFor: "203.0.113.5");
        using var otherClient = await LoginAsync(proxy, forwardedFor: "198.51.100.7");

        Assert.Multiple(() =>
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(401));
            Assert.That((int)limited.StatusCode, Is.EqualTo(429), "the same forwarded client again");
            Assert.That((int)otherClient.StatusCode, Is.EqualTo(401), "another client behind the same proxy has its own limit");
        });
    }

    [Test]
    public async Task Login_WithInventedForwardedForFromAnUnknownAddress_IsStillLimitedPerConnection()
    {
        var server = StartKestrel(("ForwardedHeaders:KnownProxies:0", Proxy));
        using var client = LoopbackClients.From("127.0.0.3", server);

        using var first = await LoginAsync(client, forwardedFor: "203.0.113.5");
        using var dodging = await LoginAsync(client, forwardedFor: "203.0.113.6");

        Assert.That((int)dodging.StatusCode, Is.EqualTo(429), "X-Forwarded-For from a non-proxy is ignored");
    }

    [Test]
    public async Task Login_WithNoProxiesConfigured_IgnoresForwardedFor()
    {
        var server = StartKestrel();
        using var client = LoopbackClients.From(Proxy, server);

        using var first = await LoginAsync(client, forwardedFor: "203.0.113.5");
        using var dodging = await LoginAsync(client, forwardedFor: "203.0.113.6");

        Assert.That((int)dodging.StatusCode, Is.EqualTo(429));
    }

    [Test]
    public void StartUp_WithAProxyThatIsNotAnAddress_FailsNamingTheSetting()
    {
        var factory = FactoryWith(("ForwardedHeaders:KnownProxies:0", "proxy.internal"));

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.That(error!.Message, Does.Contain("ForwardedHeaders:KnownProxies").And.Contain("proxy.internal"));
    }

    private Uri StartKestrel(params (string Key, string? Value)[] settings)
    {
        var factory = FactoryWith([("RateLimits:Login:PermitLimit", "1"), .. settings]);
        factory.UseKestrel(0);
        using var client = factory.CreateClient();
        return client.BaseAddress!;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/login")
        {
            Content = JsonContent.Create(new { user_name = "nobody", password = "wrong" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
