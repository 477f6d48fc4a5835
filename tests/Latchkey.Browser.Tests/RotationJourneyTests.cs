using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>Rotating a RAM user's AccessKey in the console: Rotate, switch, watch Last Used, Disable, Delete into the recycle bin.</summary>
[Collection(ConsoleTests.Name)]
public sealed class RotationJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Rotate_ShowsTheNewPairOnceWithTheSteps_ThenDisableAndDeleteFinishIt()
    {
        var services = fixture.Services;
        var name = "rotor-" + Guid.NewGuid().ToString("N")[..10];
        Assert.True((await services.GetRequiredService<AccountService>().CreateAsync(name, ConsoleSteps.Password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        var account = (await services.GetRequiredService<AccountService>().FindByNameAsync(name, CancellationToken.None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("rita", null, null, null, null), CancellationToken.None)).IsSuccess);
        var old = (await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "rita", CancellationToken.None)).Value;
        var oldId = old.Key.AccessKeyId;
        var oldSecret = old.Secret.Reveal();
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).GetProperty("IdentityType").GetString());
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, name);

        // Rotate: the new pair is shown once, with what to do next; both keys work meanwhile.
        await page.GotoAsync("/console/ram/users/rita");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate " + oldId }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Rotate AccessKey" });
        await dialog.WaitForAsync();
        var newId = (await page.Locator("#created-access-key-id").TextContentAsync())!.Trim();
        var newSecret = (await page.Locator("#created-access-key-secret").TextContentAsync())!.Trim();
        var steps = (await page.Locator("#rotation-steps").TextContentAsync())!;
        Assert.Contains($"Switch your applications from {oldId}", steps, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", await dialog.TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "rotate-accesskey");
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, newId, newSecret)).GetProperty("IdentityType").GetString());
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).GetProperty("IdentityType").GetString());

        // With two keys there is no room for another rotation: Rotate is off and says why.
        await page.RunAndWaitForResponseAsync(
            () => dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.EndsWith("/console/ram/users/rita", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Rotate " + newId }).IsDisabledAsync());
        await services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);
        await page.ReloadAsync();
        Assert.Contains("GetCallerIdentity", await ConsoleSteps.Row(page, oldId).TextContentAsync(), StringComparison.Ordinal);

        // The application has switched: disable the old key, then delete it into the recycle bin.
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable " + oldId }).ClickAsync();
        await ConsoleSteps.Row(page, oldId).GetByText("Inactive").WaitForAsync();
        Assert.Contains("InvalidAccessKeyId.Inactive", (await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).Body, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + oldId }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" });
        Assert.Contains("recycle bin", await confirm.TextContentAsync(), StringComparison.Ordinal);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await ConsoleSteps.Row(page, oldId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Screenshots.TakeAsync(page, "rotate-accesskey-done");

        Assert.Contains("InvalidAccessKeyId.NotFound", (await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).Body, StringComparison.Ordinal);
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, newId, newSecret)).GetProperty("IdentityType").GetString());
        Assert.NotNull(await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().FindRecycledAccessKeyAsync(oldId, CancellationToken.None));
        Assert.DoesNotContain(newSecret, await page.ContentAsync(), StringComparison.Ordinal);
    }
}
