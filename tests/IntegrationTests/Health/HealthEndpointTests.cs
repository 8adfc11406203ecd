using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Health;

public sealed class HealthEndpointTests : IntegrationTestBase
{
    [Test]
    public async Task Live_WithoutAToken_Returns200()
    {
        using var response = await Client.GetAsync("/health/live");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_WithTheDatabaseUpAndStorageWritable_Returns200NamingEachCheck()
    {
        using var response = await Client.GetAsync("/health/ready");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_WhenTheStorageFolderCannotBeWritten_Returns503NamingStorage()
    {
        var factory = FactoryWith();
        using var client = factory.CreateClient();
        var staging = Path.Combine(factory.StorageRoot, ".tmp");
        Directory.Delete(staging, recursive: true);
        await File.WriteAllTextAsync(staging, "a file where the staging folder should be");

        using var response = await client.GetAsync("/health/ready");
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(503), body.ToString());
        Assert.That(body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        using var live = await client.GetAsync("/health/live");
        Assert.That((int)live.StatusCode, Is.EqualTo(200));
    }
}
