using Attachments.IntegrationTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

public sealed class AdminLoginTests : AdminTestBase
{
    private const string SessionExpired = "Your session has expired; log in again.";

    [Test]
    public async Task LogIn_WithTheAdminsPassword_ShowsTheLibrary_AndLogOutShowsTheLoginAgain()
    {
        await Page.GotoAsync(AdminUrl);
        await Expect(Page.GetByLabel("User name")).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page, "login");
        await ScreenshotAsync(Page, "login");

        await LogInAsync(Page);
        var main = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var view in new[] { "Library", "Trash", "Users", "Jobs" })
            await Expect(main.GetByRole(AriaRole.Link, new() { Name = view }).Or(main.GetByRole(AriaRole.Button, new() { Name = view }))).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Page.GetByLabel("User name")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);

        // Logged out means the token is gone: a reload stays on the login.
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task LogIn_WithAWrongPassword_ShowsAnAlert_AndStaysOnTheLogin()
    {
        await Page.GotoAsync(AdminUrl);
        await Page.GetByLabel("User name").FillAsync(ServiceProcess.AdminUserName);
        await Page.GetByLabel("Password").FillAsync("not-the-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Alert(Page)).Not.ToBeEmptyAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
        await Expect(Page.GetByLabel("Password")).ToBeVisibleAsync();
    }

    [Test]
    public async Task InvalidTokenInSessionStorage_SendsTheUserBackToTheLogin_WithTheSessionMessage()
    {
        await LogInAsync(Page);
        await ReplaceStoredTokenAsync(expired: false);

        await Page.ReloadAsync();

        await Expect(Alert(Page)).ToHaveTextAsync(SessionExpired);
        await Expect(Page.GetByLabel("User name")).ToBeVisibleAsync();
    }

    [Test]
    public async Task ExpiredTokenInSessionStorage_SendsTheUserBackToTheLogin_WithTheSessionMessage()
    {
        await LogInAsync(Page);
        await ReplaceStoredTokenAsync(expired: true);

        await Page.ReloadAsync();

        await Expect(Alert(Page)).ToHaveTextAsync(SessionExpired);
        await Expect(Page.GetByLabel("User name")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Spoils whatever token the app keeps in sessionStorage: a token the service refuses, and with
    /// <paramref name="expired"/> an expiry time in the past as well, as a tab left open overnight has.
    /// </summary>
    private async Task ReplaceStoredTokenAsync(bool expired)
    {
        var replaced = await Page.EvaluateAsync<int>(
            """
            (expired) => {
              let replaced = 0;
              for (let i = 0; i < sessionStorage.length; i++) {
                const key = sessionStorage.key(i);
                let value;
                try { value = JSON.parse(sessionStorage.getItem(key)); } catch { continue; }
                if (!value || typeof value !== 'object' || typeof value.token !== 'string') continue;
                value.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.not-a-valid-signature';
                if (expired) value.expires_at = Math.floor(Date.now() / 1000) - 3600;
                sessionStorage.setItem(key, JSON.stringify(value));
                replaced++;
              }
              return replaced;
            }
            """, expired);
        Assert.That(replaced, Is.EqualTo(1), "Expected the app to keep one session (an object with a token) in sessionStorage.");
    }
}
