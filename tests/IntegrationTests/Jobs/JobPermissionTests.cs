using System.Net.Http.Headers;
using Attachments.IntegrationTests.Auth;
using Attachments.IntegrationTests.Envelope;

namespace Attachments.IntegrationTests.Jobs;

public sealed class JobPermissionTests : AuthTestBase
{
    private const string Password = "jobs-password-123";

    private static IEnumerable<TestCaseData> Endpoints()
    {
        yield return Case("POST", JobRequests.Scan);
        yield return Case("POST", JobRequests.ThumbRebuild);
        yield return Case("GET", "/api/attachment/jobs");
        yield return Case("GET", "/api/attachment/jobs/0123456789abcdef0123456789abcdef");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Endpoint_WithoutToken_Returns401With1001(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Endpoint_UserWithoutManagePermission_Returns403With1002(string method, string path)
    {
        await CreateUserAsync("uploader", Password, "attachment.upload", "attachment.delete", "users.manage");
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(Client, "uploader", Password));

        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.manage"));
    }

    [Test]
    public async Task Scan_UserWithOnlyManagePermission_IsAccepted()
    {
        await CreateUserAsync("manager", Password, "attachment.manage");
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(Client, "manager", Password));

        var job = await JobRequests.StartAsync(Client, JobRequests.Scan);

        var finished = await JobRequests.WaitAsync(Client, JobRequests.Id(job));
        Assert.That(JobRequests.State(finished), Is.EqualTo("completed"));
    }

    private static TestCaseData Case(string method, string path) =>
        new TestCaseData(method, path).SetArgDisplayNames(method, path);
}
