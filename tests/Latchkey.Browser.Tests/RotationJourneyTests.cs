using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// Rotate as one action in the console: Rotate (grace chosen on the form) shows the new pair once;
/// a client keeps calling with the old key, then switches; the server's rotation job, driven on a
/// shifted clock, keeps the old key while it is used, then disables it and moves it to the recycle
/// bin, and the key table shows each state. Then the recycle bin page: Restore and Delete permanently.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class RotationJourneyTests(ConsoleFixture fixture)
{
    /// <summary>Real time moved on (the job's clock only; the server keeps its own).</summary>
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }

    /// <summary>One run of the rotation job (the code the ScheduledJobService runs) as if <paramref name="later"/> had passed.</summary>
    private Task<int> RunJobAsync(TimeSpan later) =>
        ActivatorUtilities.CreateInstance<AccessKeyRotations>(fixture.Services, (TimeProvider)new ShiftedTime(later)).RunAsync(CancellationToken.None);

    private async Task FlushUsageAsync()
    {
        await fixture.Services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);
        await fixture.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Rotate_ShowsTheNewPairOnce_ThenTheJobDisablesAndRecyclesTheOldKeyOnceUnused_AndThePageShowsIt()
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

        // Rotate, with a grace of 5 minutes chosen on the form: the new pair is shown once, with what happens next.
        await page.GotoAsync("/console/ram/users/rita");
        await page.GetByLabel("Grace period for " + oldId).SelectOptionAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate " + oldId }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Rotate AccessKey" });
        await dialog.WaitForAsync();
        var newId = (await page.Locator("#created-access-key-id").TextContentAsync())!.Trim();
        var newSecret = (await page.Locator("#created-access-key-secret").TextContentAsync())!.Trim();
        var steps = (await page.Locator("#rotation-steps").TextContentAsync())!;
        Assert.Contains($"Switch your applications from {oldId}", steps, StringComparison.Ordinal);
        Assert.Contains("once it has not been used for 5 minutes, it is disabled", steps, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", await dialog.TextContentAsync(), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Download CSV File" }).ClickAsync());
        Assert.Equal($"AccessKey ID,AccessKey Secret\r\n{newId},{newSecret}\r\n", await File.ReadAllTextAsync((await download.PathAsync())!));
        await page.EvaluateAsync("() => { document.getElementById('created-access-key-secret').style.filter = 'blur(8px)'; }");
        await Screenshots.TakeAsync(page, "rotate-accesskey");

        // The application keeps calling with the old key a while, then switches; both keys work meanwhile.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).GetProperty("IdentityType").GetString());
        }

        await FlushUsageAsync();
        Assert.Equal(0, await RunJobAsync(TimeSpan.FromMinutes(4)));
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, newId, newSecret)).GetProperty("IdentityType").GetString());

        // Closed, the secret is gone; the old key's row says the rotation is waiting, with Cancel rotation.
        await page.RunAndWaitForResponseAsync(
            () => dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.EndsWith("/console/ram/users/rita", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains($"Rotating to {newId}: waiting until unused for 5 minutes", await ConsoleSteps.Row(page, oldId).TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Cancel rotation of " + oldId }).IsVisibleAsync());
        Assert.Contains($"New key of the rotation of {oldId}", await ConsoleSteps.Row(page, newId).TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "rotate-accesskey-waiting");

        // Used 4 minutes into the grace (as the job saw it): still kept 5 minutes after that use.
        Assert.Equal(0, await RunJobAsync(TimeSpan.FromMinutes(8)));
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, newId, newSecret)).GetProperty("IdentityType").GetString());
        Assert.Equal(1, await RunJobAsync(TimeSpan.FromMinutes(9)));
        await page.ReloadAsync();
        Assert.Contains($"Rotated to {newId}: disabled", await ConsoleSteps.Row(page, oldId).TextContentAsync(), StringComparison.Ordinal);
        await ConsoleSteps.Row(page, oldId).GetByText("Inactive").WaitForAsync();
        Assert.Contains("InvalidAccessKeyId.Inactive", (await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).Body, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "rotate-accesskey-disabled");

        // After the hold (10 minutes on this server), the old key goes to the recycle bin.
        Assert.Equal(1, await RunJobAsync(TimeSpan.FromMinutes(20)));
        await page.ReloadAsync();
        var row = await ConsoleSteps.Row(page, oldId).TextContentAsync();
        Assert.Contains("In recycle bin", row, StringComparison.Ordinal);
        Assert.Contains($"rotated to {newId}", row, StringComparison.Ordinal);
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Cancel rotation of " + oldId }).IsVisibleAsync());
        await Screenshots.TakeAsync(page, "rotate-accesskey-done");
        Assert.Contains("InvalidAccessKeyId.NotFound", (await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, oldId, oldSecret)).Body, StringComparison.Ordinal);
        Assert.Equal("RAMUser", (await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, newId, newSecret)).GetProperty("IdentityType").GetString());
        Assert.NotNull(await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().FindRecycledAccessKeyAsync(oldId, CancellationToken.None));

        // The recycle bin page: the old key is there; Restore brings it back as it was (Inactive).
        await ConsoleSteps.Row(page, oldId).GetByRole(AriaRole.Link, new() { Name = "Recycle bin" }).ClickAsync();
        await page.WaitForURLAsync("**/console/ram/users/rita/recycle-bin");
        await ConsoleSteps.Row(page, oldId).WaitForAsync();
        await Screenshots.TakeAsync(page, "accesskey-recycle-bin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore " + oldId }).ClickAsync();
        await page.GetByText($"{oldId} is restored").WaitForAsync();
        Assert.Equal(0, await ConsoleSteps.Row(page, oldId).CountAsync());
        await page.GotoAsync("/console/ram/users/rita");
        await ConsoleSteps.Row(page, oldId).GetByText("Inactive").WaitForAsync();

        // Delete it again, then permanently from the bin.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete " + oldId }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" }).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await ConsoleSteps.Row(page, oldId).GetByText("In recycle bin").WaitForAsync();
        await page.GotoAsync("/console/ram/users/rita/recycle-bin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently " + oldId }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" });
        Assert.Contains("cannot be restored", await confirm.TextContentAsync(), StringComparison.Ordinal);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByText($"{oldId} is deleted permanently").WaitForAsync();
        Assert.Null(await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().FindRecycledAccessKeyAsync(oldId, CancellationToken.None));
        var audit = (await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().ListAuditEventsAsync(account.AccountId, null, 100, CancellationToken.None)).Value.Items;
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyDisabled" && e.ResourceName == oldId);
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyRecycled" && e.ResourceName == oldId);
        Assert.Contains(audit, e => e.EventName == "RestoreAccessKeyFromRecycleBin" && e.ResourceName == oldId);
        Assert.Contains(audit, e => e.EventName == "DeleteAccessKeyInRecycleBin" && e.ResourceName == oldId);
    }
}
