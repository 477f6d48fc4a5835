using System.Net;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>RAM user management in the console: Basic Information edits and Delete with Alibaba's refusals.</summary>
public sealed class ConsoleRamUserTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private const string Password = "Str0ng!Passw0rd";

    [Fact]
    public async Task BasicInformation_EditsDisplayNameAndComments()
    {
        var (opened, _, _) = await AccountWithUserAsync("frank");
        using var session = opened;

        using var saved = await session.PostFormAsync("/console/ram/users/frank?tab=basic", "/console/ram/users/frank?handler=Basic", ("DisplayName", "Frank the Builder"), ("Comments", "CI deployer"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await session.GetHtmlAsync(saved.Headers.Location!.ToString());
        Assert.Contains("The basic information is saved.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Frank the Builder\"", page, StringComparison.Ordinal);
        Assert.Contains(">CI deployer</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("Frank the Builder", await session.GetHtmlAsync("/console/ram/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicInformation_RefusesAnEmptyOrTooLongDisplayName_AndATokenlessPost()
    {
        var (opened, account, users) = await AccountWithUserAsync("gina");
        using var session = opened;

        using var empty = await session.PostFormAsync("/console/ram/users/gina?tab=basic", "/console/ram/users/gina?handler=Basic", ("DisplayName", "  "), ("Comments", ""));
        using var tooLong = await session.PostFormAsync("/console/ram/users/gina?tab=basic", "/console/ram/users/gina?handler=Basic", ("DisplayName", new string('x', 129)), ("Comments", ""));
        using var tokenless = await session.PostAsync("/console/ram/users/gina?handler=Basic", ("DisplayName", "Forged"), ("Comments", ""));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Enter a display name", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("InvalidParameter.DisplayName.Length", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.Equal("gina", (await users.GetAsync(account.AccountId, "gina", CancellationToken.None)).Value.DisplayName);
    }

    [Fact]
    public async Task Delete_IsRefusedWithAlibabasReasonUntilKeysAndConsoleLogonAreGone()
    {
        var (opened, account, users) = await AccountWithUserAsync("hank");
        using var session = opened;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await factory.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "hank", CancellationToken.None);
        Assert.True((await users.CreateLoginProfileAsync(actor, "hank", "Hank#Passw0rd", false, false, CancellationToken.None)).IsSuccess);
        var list = await session.GetHtmlAsync("/console/ram/users");
        Assert.Contains("data-confirm=\"Delete the user hank?", list, StringComparison.Ordinal);

        using var withKey = await session.PostFormAsync("/console/ram/users", "/console/ram/users?handler=Delete", ("userName", "hank"));
        var withKeyHtml = await withKey.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, withKey.StatusCode);
        Assert.Contains("The user CAN NOT has any access key while deleting the user. (DeleteConflict.User.AccessKey)", withKeyHtml, StringComparison.Ordinal);
        Assert.Contains("delete its AccessKey pairs", withKeyHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/console/ram/users/hank\"", withKeyHtml, StringComparison.Ordinal);

        await factory.Services.GetRequiredService<AccessKeyService>().DeleteAsync(actor, "hank", key.Value.Key.AccessKeyId, CancellationToken.None);
        using var withLogon = await session.PostFormAsync("/console/ram/users", "/console/ram/users?handler=Delete", ("userName", "hank"));
        var withLogonHtml = await withLogon.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, withLogon.StatusCode);
        Assert.Contains("(DeleteConflict.User.LoginProfile)", withLogonHtml, StringComparison.Ordinal);
        Assert.Contains("Disable Console Logon", withLogonHtml, StringComparison.Ordinal);

        Assert.True((await users.DeleteLoginProfileAsync(actor, "hank", CancellationToken.None)).IsSuccess);
        using var deleted = await session.PostFormAsync("/console/ram/users", "/console/ram/users?handler=Delete", ("userName", "hank"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await session.GetHtmlAsync(deleted.Headers.Location!.ToString());
        Assert.Contains("The user hank is deleted.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("/console/ram/users/hank\"", after, StringComparison.Ordinal);
        Assert.False((await users.GetAsync(account.AccountId, "hank", CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task Delete_WithoutAntiforgeryToken_IsRejected_AndTheUserStays()
    {
        var (opened, account, users) = await AccountWithUserAsync("ivy");
        using var session = opened;

        using var forged = await session.PostAsync("/console/ram/users?handler=Delete", ("userName", "ivy"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await users.GetAsync(account.AccountId, "ivy", CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task Delete_ByARamUserWithReadOnlyAccess_IsForbidden()
    {
        var (opened, account, users) = await AccountWithUserAsync("jack");
        using var session = opened;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var reader = await users.CreateAsync(actor, new CreateUserInput("reader", null, null, null, null), CancellationToken.None);
        await users.CreateLoginProfileAsync(actor, "reader", "Reader#Passw0rd", false, false, CancellationToken.None);
        Assert.True((await users.AttachPolicyAsync(actor, "reader", "AliyunRAMReadOnlyAccess", "System", CancellationToken.None)).IsSuccess);
        using var readerSession = new ConsoleSession(factory);
        await readerSession.LogOnAsync(users.PrincipalNameOf(account, reader.Value), "Reader#Passw0rd");

        using var refused = await readerSession.PostFormAsync("/console/ram/users", "/console/ram/users?handler=Delete", ("userName", "jack"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True((await users.GetAsync(account.AccountId, "jack", CancellationToken.None)).IsSuccess);
    }

    private async Task<(ConsoleSession Session, Account Account, RamUserService Users)> AccountWithUserAsync(string userName)
    {
        var name = "ramui-" + Guid.NewGuid().ToString("N")[..12];
        var accounts = factory.Services.GetRequiredService<AccountService>();
        Assert.True((await accounts.CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        var account = (await accounts.FindByNameAsync(name, CancellationToken.None))!;
        var users = factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await users.CreateAsync(actor, new CreateUserInput(userName, null, null, null, null), CancellationToken.None)).IsSuccess);
        var session = new ConsoleSession(factory);
        await session.LogOnAsync(name, Password);
        return (session, account, users);
    }
}
