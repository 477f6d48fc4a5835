using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// Least privilege in the console: create a custom policy with the JSON editor (which validates as
/// you type), grant it to a user, create a user group, add the user and grant the group a system
/// policy, then read the user's Permissions tab: individual and inherited.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class PolicyJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Policies_Groups_AndAUsersPermissions_InTheConsole()
    {
        var accountName = "policy-" + Guid.NewGuid().ToString("N")[..10];
        var account = await fixture.Services.GetRequiredService<AccountService>()
            .CreateAsync(accountName, ConsoleSteps.Password, "127.0.0.1", "browser-test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "browser-test");
        Assert.True((await fixture.Services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("carol", null, null, null, null), CancellationToken.None)).IsSuccess);
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, accountName);

        // Policies → Create Policy: the editor checks the document with the server's compiler as you type.
        await page.GetByRole(AriaRole.Link, new() { Name = "Policies", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Policies", Exact = true }).WaitForAsync();
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "AdministratorAccess" }).IsVisibleAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Policy" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ReadCarol");
        var editor = page.GetByLabel("Policy Document");
        await editor.FillAsync("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"acs:ram:*:*:user/carol","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.300"}}}]}""");
        await page.GetByText("Statement[0].Condition.IpAddress.acs:SourceIp").WaitForAsync();
        Assert.Equal("true", await editor.GetAttributeAsync("aria-invalid"));
        await editor.FillAsync("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"acs:ram:*:*:user/carol"}]}""");
        await page.GetByText("The policy document is valid (1 statement(s)).").WaitForAsync();
        await Screenshots.TakeAsync(page, "create-policy");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "ReadCarol", Exact = true }).WaitForAsync();
        Assert.True(await page.GetByText("acs:ram:*:*:user/carol").IsVisibleAsync());

        // References → Grant Permission to carol.
        await page.GetByRole(AriaRole.Link, new() { Name = "References" }).ClickAsync();
        await page.GetByLabel("Principal", new() { Exact = true }).FillAsync("carol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant Permission" }).ClickAsync();
        await page.GetByText("ReadCarol is granted to carol.").WaitForAsync();
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "carol" }).IsVisibleAsync());

        // Versions: a second version, set as default.
        await page.GetByRole(AriaRole.Link, new() { Name = "Versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Version" }).ClickAsync();
        await page.GetByText("Version v2 is created.").WaitForAsync();
        Assert.Equal(2, await page.Locator("#versions-table tbody tr").CountAsync());

        // User Groups: create ops, add carol, grant the group AliyunRAMReadOnlyAccess.
        await page.GetByRole(AriaRole.Link, new() { Name = "User Groups", Exact = true }).ClickAsync();
        await page.GetByLabel("User Group Name").FillAsync("ops");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Note" }).FillAsync("operators");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create User Group" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "ops", Exact = true }).WaitForAsync();
        await page.GetByLabel("User Logon Name").FillAsync("carol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Group Members" }).ClickAsync();
        await page.GetByText("carol is added to the group.").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Permissions" }).ClickAsync();
        await page.GetByLabel("Policy Name").FillAsync("AliyunRAMReadOnlyAccess");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant Permission" }).ClickAsync();
        await page.GetByText("AliyunRAMReadOnlyAccess is granted to the group.").WaitForAsync();

        // carol → Permissions: the individual policy and the one inherited from ops.
        await page.GotoAsync("/console/ram/users/carol");
        await page.GetByRole(AriaRole.Link, new() { Name = "Permissions" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "carol", Exact = true }).WaitForAsync();
        var table = page.Locator("#user-policies-table");
        await Screenshots.TakeAsync(page, "user-permissions");
        Assert.True(await table.GetByRole(AriaRole.Row).Filter(new() { HasText = "ReadCarol" }).Filter(new() { HasText = "Individual" }).IsVisibleAsync());
        Assert.True(await table.GetByRole(AriaRole.Row).Filter(new() { HasText = "AliyunRAMReadOnlyAccess" }).Filter(new() { HasText = "Inherited from User Group ops" }).IsVisibleAsync());

        // A group with members cannot be deleted; the page says what to do.
        await page.GotoAsync("/console/ram/groups");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete ops" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByText("Remove the group's members first").WaitForAsync();
    }
}
