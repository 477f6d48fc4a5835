using System.Text.Json;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// Roles in the console: create a role with its trust policy, grant it a system policy, assume it
/// through STS with the account's key, then revoke the role's sessions from the Sessions tab and
/// see the temporary credentials refused.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class RoleJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Roles_CreateGrantAssumeAndRevokeSessions_InTheConsole()
    {
        var accountName = "roles-" + Guid.NewGuid().ToString("N")[..10];
        var account = await fixture.Services.GetRequiredService<AccountService>()
            .CreateAsync(accountName, ConsoleSteps.Password, "127.0.0.1", "browser-test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var accountId = account.Value.AccountId;
        var actor = new AuditContext(new Principal(accountId, null, null, null), "127.0.0.1", "browser-test");
        var key = (await fixture.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None)).Value;
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, accountName);

        // Roles → Create Role: the trust policy starts as the account itself.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Roles", Exact = true }).WaitForAsync();
        Assert.Contains($"acs:ram::{accountId}:root", await page.GetByLabel("Trust Policy").InputValueAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Role Name").FillAsync("Deployer");
        await page.GetByLabel("Description").FillAsync("deploys the web tier");
        await Screenshots.TakeAsync(page, "create-role");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create Role" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Deployer", Exact = true }).WaitForAsync();
        Assert.Equal($"acs:ram::{accountId}:role/deployer", await page.Locator("#role-arn").TextContentAsync());

        // Permissions → Grant Permission.
        await page.GetByRole(AriaRole.Link, new() { Name = "Permissions" }).ClickAsync();
        await page.GetByLabel("Policy Name").FillAsync("AliyunRAMReadOnlyAccess");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant Permission" }).ClickAsync();
        await page.GetByText("AliyunRAMReadOnlyAccess is granted to the role.").WaitForAsync();

        // Assume the role with the account's key; the session signs.
        var assumed = await CallAsync(key.Key.AccessKeyId, key.Secret.Reveal(), null, "AssumeRole", ("RoleArn", $"acs:ram::{accountId}:role/deployer"), ("RoleSessionName", "console-test"));
        Assert.True(assumed.Status == 200, assumed.Body.ToString());
        var credentials = assumed.Body.GetProperty("Credentials");
        var (id, secret, token) = (credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("AccessKeySecret").GetString()!, credentials.GetProperty("SecurityToken").GetString()!);
        var before = await CallAsync(id, secret, token, "GetCallerIdentity");
        Assert.Equal("AssumedRoleUser", before.Body.GetProperty("IdentityType").GetString());

        // Sessions → Revoke All Sessions: the credentials stop working.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        Assert.Equal("Never", await page.Locator("#sessions-revoked").TextContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke All Sessions" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Confirm" });
        await confirm.WaitForAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByText("Every session issued until now is revoked on every node.").WaitForAsync();
        await Screenshots.TakeAsync(page, "role-sessions");
        var after = await CallAsync(id, secret, token, "GetCallerIdentity");
        Assert.Equal(400, after.Status);
        Assert.Equal("InvalidSecurityToken.Expired", after.Body.GetProperty("Code").GetString());

        // The list, and Delete Role refused while a permission is granted.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Role Deployer" }).ClickAsync();
        await confirm.WaitForAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.GetByText("Revoke the role's permissions first").WaitForAsync();
        Assert.True(await page.Locator("#roles-table").GetByRole(AriaRole.Link, new() { Name = "Deployer" }).IsVisibleAsync());
    }

    private async Task<(int Status, JsonElement Body)> CallAsync(string id, string secret, string? token, string action, params (string Name, string Value)[] parameters)
    {
        var signed = RequestSigner.SignV1(
            new RpcCall(action, "2015-04-01", [.. parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]), id, secret, "GET", V1Placement.Query,
            RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), token);
        using var response = await fixture.Http.GetAsync(new Uri(signed.PathAndQuery.TrimStart('/'), UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, json.RootElement.Clone());
    }
}
