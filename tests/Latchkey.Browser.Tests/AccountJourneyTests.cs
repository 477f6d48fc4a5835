using Latchkey.Core.Accounts;
using Latchkey.Core.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>The seed procedure for the account itself: sign up, log on, profile menu, Note, AccessKey Management.</summary>
[Collection(ConsoleTests.Name)]
public sealed class AccountJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Account_CreatesKeysFromTheNoteDialog_SecretShownOnceAndSigns()
    {
        var page = await fixture.NewPageAsync();
        var name = "owner-" + Guid.NewGuid().ToString("N")[..10];

        // Step 1: the service root shows the console's Log On page; a new person creates an account there.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Log On" }).WaitForAsync();
        Assert.True(await page.GetByLabel("Logon Name").IsVisibleAsync());
        await Screenshots.TakeAsync(page, "logon");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create Account" }).ClickAsync();
        await page.GetByLabel("Logon Name").FillAsync(name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleSteps.Password);
        await page.GetByLabel("Confirm Password").FillAsync(ConsoleSteps.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, " + name }).WaitForAsync();
        await ConsoleSteps.LogOffAsync(page);
        await ConsoleSteps.LogOnAsync(page, name);

        // Steps 2-3: hover the profile picture, choose AccessKey Management, read the Note.
        await page.GetByRole(AriaRole.Button, new() { Name = "Profile: " + name }).HoverAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "AccessKey Management" }).WaitForAsync();
        await Screenshots.TakeAsync(page, "profile-menu");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "AccessKey Management" }).ClickAsync();
        var note = page.GetByRole(AriaRole.Dialog, new() { Name = "Note" });
        await note.WaitForAsync();
        Assert.Contains("all resources of the account are exposed", await note.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await note.GetByRole(AriaRole.Button, new() { Name = "Use AccessKey Pair of RAM User" }).IsVisibleAsync());
        await Screenshots.TakeAsync(page, "note-dialog");

        // Step 4: Use Current AccessKey Pair opens AccessKey Management.
        await note.GetByRole(AriaRole.Button, new() { Name = "Use Current AccessKey Pair" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "AccessKey Management" }).WaitForAsync();
        Assert.EndsWith("/console/accesskeys", page.Url, StringComparison.Ordinal);

        // Step 5: Create AccessKey shows the pair once, with CSV and Copy; it signs an API call.
        var (id, secret) = await ConsoleSteps.CreateAccessKeyAsync(page, "create-accesskey-dialog");
        var identity = await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, id, secret);
        Assert.Equal("Account", identity.GetProperty("IdentityType").GetString());

        // Step 9: after the dialog, nothing shows the secret again.
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(page, secret, "/console/accesskeys");
        await fixture.Services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);
        await page.ReloadAsync();
        var row = ConsoleSteps.Row(page, id);
        Assert.Contains("GetCallerIdentity", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Active", await row.TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "accesskey-management");

        // Step 8: two pairs reach the account's limit; the button says why, a forced POST is refused.
        var (secondId, secondSecret) = await ConsoleSteps.CreateAccessKeyAsync(page);
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(page, secondSecret, "/console/accesskeys");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create AccessKey" });
        Assert.True(await create.IsDisabledAsync());
        Assert.Contains("disable and delete an old one first", await page.Locator("#accesskey-limit").TextContentAsync(), StringComparison.Ordinal);
        await create.EvaluateAsync("button => { button.disabled = false; }");
        var refused = await page.RunAndWaitForResponseAsync(() => create.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        Assert.Contains("disable and delete an old one first", await page.GetByRole(AriaRole.Alert).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#created-dialog").CountAsync());

        // Disable, Enable and Delete (with confirmation); a disabled key stops signing.
        await page.GotoAsync("/console/accesskeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable " + secondId }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).GetByText("Inactive").WaitForAsync();
        var disabled = await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, secondId, secondSecret);
        Assert.Contains("InvalidAccessKeyId.Inactive", disabled.Body, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable " + secondId }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).GetByText("Active").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + secondId }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" });
        await confirm.WaitForAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Create AccessKey" }).IsEnabledAsync());
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NarrowBrowser_PagesFitTheScreenAndTheMenuOpensOnTap()
    {
        var name = "narrow-" + Guid.NewGuid().ToString("N")[..10];
        var account = await fixture.Services.GetRequiredService<AccountService>()
            .CreateAsync(name, ConsoleSteps.Password, "127.0.0.1", "browser-test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var page = await fixture.NewPageAsync(390, 800);

        await ConsoleSteps.LogOnAsync(page, name);
        Assert.False(await OverflowsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Profile: " + name }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "AccessKey Management" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Note" }).GetByRole(AriaRole.Button, new() { Name = "Use Current AccessKey Pair" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "AccessKey Management" }).WaitForAsync();
        var (_, secret) = await ConsoleSteps.CreateAccessKeyAsync(page);
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(page, secret, "/console/accesskeys");

        Assert.False(await OverflowsAsync(page));
        await Screenshots.TakeAsync(page, "accesskey-management-narrow");
    }

    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
}
