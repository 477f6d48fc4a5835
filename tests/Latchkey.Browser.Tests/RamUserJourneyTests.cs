using Latchkey.Core.Accounts;
using Latchkey.Core.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>The seed procedure for a RAM user: Users, Create User, the Authentication tab, then the user's own log on.</summary>
[Collection(ConsoleTests.Name)]
public sealed class RamUserJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task RamUser_CreatedInConsole_GetsKeysUpToTheLimit_AndLogsOnItself()
    {
        var accountName = "team-" + Guid.NewGuid().ToString("N")[..10];
        var account = await fixture.Services.GetRequiredService<AccountService>()
            .CreateAsync(accountName, ConsoleSteps.Password, "127.0.0.1", "browser-test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, accountName);

        // Step 6: Note → Use AccessKey Pair of RAM User → Users; Create User with a console password.
        await page.GetByRole(AriaRole.Button, new() { Name = "Profile: " + accountName }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "AccessKey Management" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Note" }).GetByRole(AriaRole.Button, new() { Name = "Use AccessKey Pair of RAM User" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true }).WaitForAsync();
        Assert.True(await page.GetByRole(AriaRole.Columnheader, new() { Name = "User Logon Name/Display Name" }).IsVisibleAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Create User" }).ClickAsync();
        await page.GetByLabel("Logon Name").FillAsync("alice");
        await page.GetByLabel("Display Name").FillAsync("Alice Liddell");
        await page.GetByLabel("Console Password").FillAsync("Rabbit#Hole42");
        await Screenshots.TakeAsync(page, "create-user");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "alice", Exact = true }).WaitForAsync();
        await page.GotoAsync("/console/ram/create-user");
        await page.GetByLabel("Logon Name").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "bob", Exact = true }).WaitForAsync();

        // The search box finds a user by display name and by logon name.
        await page.GotoAsync("/console/ram/users");
        var principalName = $"alice@{account.Value.AccountId}.onaliyun.com";
        var aliceLink = page.GetByRole(AriaRole.Link, new() { Name = principalName });
        var bobLink = page.GetByRole(AriaRole.Link, new() { Name = $"bob@{account.Value.AccountId}.onaliyun.com" });
        await Screenshots.TakeAsync(page, "users");
        await page.GetByLabel("Search by User Logon Name/Display Name").FillAsync("liddell");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync("**/console/ram/users?q=liddell");
        Assert.True(await aliceLink.IsVisibleAsync());
        Assert.Equal(0, await bobLink.CountAsync());
        await page.GetByLabel("Search by User Logon Name/Display Name").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync("**/console/ram/users?q=bob");
        Assert.True(await bobLink.IsVisibleAsync());
        Assert.Equal(0, await aliceLink.CountAsync());

        // Step 7: the user's name → Authentication tab → User AccessKeys → Create AccessKey.
        await page.GotoAsync("/console/ram/users");
        await aliceLink.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Authentication" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "User AccessKeys" }).WaitForAsync();
        var (id, secret) = await ConsoleSteps.CreateAccessKeyAsync(page);
        var identity = await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, id, secret);
        Assert.Equal("RAMUser", identity.GetProperty("IdentityType").GetString());
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(page, secret, "/console/ram/users/alice");
        await fixture.Services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);
        await page.ReloadAsync();
        Assert.Contains("GetCallerIdentity", await ConsoleSteps.Row(page, id).TextContentAsync(), StringComparison.Ordinal);

        // Step 8: the second pair reaches the limit of two; the third is refused with the reason.
        var (secondId, secondSecret) = await ConsoleSteps.CreateAccessKeyAsync(page);
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(page, secondSecret, "/console/ram/users/alice");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create AccessKey" });
        Assert.True(await create.IsDisabledAsync());
        var limitText = await page.Locator("#accesskey-limit").TextContentAsync();
        Assert.Contains("maximum of 2 AccessKey pairs for each RAM user", limitText, StringComparison.Ordinal);
        Assert.Contains("disable and delete an old one first", limitText, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "user-authentication");
        await create.EvaluateAsync("button => { button.disabled = false; }");
        var refused = await page.RunAndWaitForResponseAsync(() => create.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        Assert.Contains("maximum of 2 AccessKey pairs for each RAM user", await page.GetByRole(AriaRole.Alert).TextContentAsync(), StringComparison.Ordinal);

        // Disable, Enable, Delete.
        await page.GotoAsync("/console/ram/users/alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable " + secondId }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).GetByText("Inactive").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable " + secondId }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).GetByText("Active").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + secondId }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" }).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await ConsoleSteps.Row(page, secondId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var deleted = await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, secondId, secondSecret);
        Assert.Contains("InvalidAccessKeyId.NotFound", deleted.Body, StringComparison.Ordinal);

        // The RAM user logs on with its principal name; the account has not allowed self-service yet.
        var userPage = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(userPage, principalName, "Rabbit#Hole42");
        await userPage.GetByRole(AriaRole.Button, new() { Name = "Profile: " + principalName }).ClickAsync();
        await userPage.GetByRole(AriaRole.Menuitem, new() { Name = "AccessKey Management" }).ClickAsync();
        await userPage.GetByText("You cannot manage your own AccessKey pairs.").WaitForAsync();
        Assert.Equal(0, await userPage.GetByRole(AriaRole.Button, new() { Name = "Create AccessKey" }).CountAsync());

        // The account turns the setting on in Security Settings.
        await page.GetByRole(AriaRole.Link, new() { Name = "Security Settings" }).First.ClickAsync();
        await page.GetByLabel("Allow RAM users to manage their own AccessKey pairs").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("The settings are saved.").WaitForAsync();

        // Now the user sees only its own keys and creates one itself.
        await userPage.ReloadAsync();
        await userPage.GetByRole(AriaRole.Heading, new() { Name = "AccessKey Management" }).WaitForAsync();
        Assert.Equal(1, await userPage.Locator("tr[data-access-key-id]").CountAsync());
        Assert.Equal(1, await ConsoleSteps.Row(userPage, id).CountAsync());
        var (ownId, ownSecret) = await ConsoleSteps.CreateAccessKeyAsync(userPage);
        await ConsoleSteps.CloseDialogAndProveSecretGoneAsync(userPage, ownSecret, "/console/accesskeys");
        var own = await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, ownId, ownSecret);
        Assert.Equal($"acs:ram::{account.Value.AccountId}:user/alice", own.GetProperty("Arn").GetString());
        Assert.Equal(0, await userPage.GetByRole(AriaRole.Link, new() { Name = "RAM Users" }).CountAsync());

        // Basic Information: the account renames the user's display name and adds a comment.
        await page.GotoAsync("/console/ram/users/alice");
        await page.GetByRole(AriaRole.Link, new() { Name = "Basic Information" }).ClickAsync();
        await page.GetByLabel("Display Name").FillAsync("Alice in Wonderland");
        await page.GetByLabel("Comments").FillAsync("Follows the white rabbit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("The basic information is saved.").WaitForAsync();
        Assert.Equal("Alice in Wonderland", await page.GetByLabel("Display Name").InputValueAsync());
        await Screenshots.TakeAsync(page, "user-basic-information");
        await page.GotoAsync("/console/ram/users");
        await page.GetByText("Alice in Wonderland").WaitForAsync();

        // Delete: refused while the user has AccessKeys, with Alibaba's reason and what to do.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete alice" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" });
        Assert.Contains("Delete the user alice?", await confirm.TextContentAsync(), StringComparison.Ordinal);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        var refusal = page.GetByRole(AriaRole.Alert);
        await refusal.GetByText("DeleteConflict.User.AccessKey").WaitForAsync();
        Assert.Contains("delete its AccessKey pairs", await refusal.TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "delete-user-refused");

        // Do what it says: delete the keys and disable console logon, then delete the user.
        await refusal.GetByRole(AriaRole.Link, new() { Name = "Open alice" }).ClickAsync();
        foreach (var keyId in new[] { id, ownId })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + keyId }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" }).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
            await ConsoleSteps.Row(page, keyId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable Console Logon" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" }).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable Console Logon" }).WaitForAsync();
        await page.GotoAsync("/console/ram/users");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete alice" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" }).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByText("The user alice is deleted.").WaitForAsync();
        Assert.Equal(0, await aliceLink.CountAsync());
        Assert.True(await bobLink.IsVisibleAsync());

        // The deleted user's open session is over.
        await userPage.ReloadAsync();
        await userPage.WaitForURLAsync("**/console/logon**");
    }
}
