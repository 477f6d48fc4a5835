using System.Net;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>
/// AccessKey Management (the caller's own keys): Disable and Delete are decided by the policy
/// engine as the API's UpdateAccessKey and DeleteAccessKey, not by the page's CreateAccessKey gate.
/// </summary>
public sealed class ConsoleOwnAccessKeysAuthorizationTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private const string UserPassword = "Self#Passw0rd1";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly LatchkeyFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AUserAllowedOnlyToCreateKeys_CannotDisableOrDeleteThem_UntilItsPolicyAllowsUpdateAndDelete()
    {
        var services = _factory.Services;
        var accounts = services.GetRequiredService<AccountService>();
        var name = "ownkeys-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await accounts.CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await accounts.FindByNameAsync(name, None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var users = services.GetRequiredService<RamUserService>();
        var self = (await users.CreateAsync(actor, new CreateUserInput("self", null, null, null, null), None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "self", UserPassword, false, false, None)).IsSuccess);
        var policies = services.GetRequiredService<PolicyService>();
        Assert.True((await policies.CreateAsync(actor, "CreateOwnKeys", null, """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:ListAccessKeys","ram:CreateAccessKey"],"Resource":"*"}]}""", None)).IsSuccess);
        Assert.True((await policies.CreateAsync(actor, "ChangeOwnKeys", null, """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:UpdateAccessKey","ram:DeleteAccessKey"],"Resource":"*"}]}""", None)).IsSuccess);
        Assert.True((await users.AttachPolicyAsync(actor, "self", "CreateOwnKeys", "Custom", None)).IsSuccess);
        var keyId = (await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "self", None)).Value.Key.AccessKeyId;
        var store = services.GetRequiredService<ILatchkeyStore>();
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, self), UserPassword);
        const string page = "/console/accesskeys";

        using var disableRefused = await session.PostFormAsync(page, page + "?handler=Status", ("accessKeyId", keyId), ("status", "Inactive"));
        using var deleteRefused = await session.PostFormAsync(page, page + "?handler=Delete", ("accessKeyId", keyId));
        var afterRefusals = (await store.FindAccessKeyAsync(keyId, None))?.Key.Status;
        Assert.True((await users.AttachPolicyAsync(actor, "self", "ChangeOwnKeys", "Custom", None)).IsSuccess);
        using var disabled = await session.PostFormAsync(page, page + "?handler=Status", ("accessKeyId", keyId), ("status", "Inactive"));
        var afterDisable = (await store.FindAccessKeyAsync(keyId, None))?.Key.Status;
        using var deleted = await session.PostFormAsync(page, page + "?handler=Delete", ("accessKeyId", keyId));

        Assert.Equal(HttpStatusCode.Forbidden, disableRefused.StatusCode);
        Assert.Contains("ram:UpdateAccessKey", await disableRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, deleteRefused.StatusCode);
        Assert.Contains("ram:DeleteAccessKey", await deleteRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AccessKeyStatus.Active, afterRefusals);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(AccessKeyStatus.Inactive, afterDisable);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await store.FindAccessKeyAsync(keyId, None));
    }
}
