using System.Net;
using System.Text.RegularExpressions;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>The console's Create Canary AccessKey: shown once, refused on use with an alert, and only for callers allowed to create keys.</summary>
public sealed class ConsoleCanaryKeyTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly LatchkeyFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ACanaryCreatedInTheConsole_IsShownOnce_IsRefusedWhenUsed_AndRaisesItsAlert()
    {
        var (account, actor) = await CreateAccountAsync();
        var services = _factory.Services;
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("backup-admin", null, null, null, null), None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(account.AccountName, Password);

        using var response = await session.PostFormAsync("/console/ram/canary-keys", "/console/ram/canary-keys", ("UserName", "backup-admin"));
        var html = await response.Content.ReadAsStringAsync();
        var canary = new TestAccount(account.AccountId, Between(html, "created-access-key-id"), Between(html, "created-access-key-secret"));
        var again = await session.GetHtmlAsync("/console/ram/canary-keys");
        var refused = await new ApiClient(_factory.CreateClient()).CallAsync(canary, "ListUsers", ApiClient.Ram);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        refused.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        Assert.DoesNotContain(canary.AccessKeySecret, again, StringComparison.Ordinal);
        var keys = await services.GetRequiredService<AccessKeyService>().ListAsync(new Principal(account.AccountId, null, null, null), "backup-admin", None);
        Assert.Equal([canary.AccessKeyId], keys.Value.Select(k => k.AccessKeyId));
        var audit = (await services.GetRequiredService<IAuditStore>().ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Single(audit, e => e.EventName == "CreateCanaryAccessKey" && e.ResourceName == canary.AccessKeyId);
        Assert.Single(audit, e => e.EventName == "CanaryAccessKeyUsed" && e.ResourceName == canary.AccessKeyId);
        Assert.DoesNotContain(_factory.LogLines, line => line.Contains(canary.AccessKeySecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARamUserWithoutCreateAccessKey_IsRefused_AndNoKeyIsCreated()
    {
        var (account, actor) = await CreateAccountAsync();
        var users = _factory.Services.GetRequiredService<RamUserService>();
        var plain = (await users.CreateAsync(actor, new CreateUserInput("plain", null, null, null, null), None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "plain", "Plain#Passw0rd1", false, false, None)).IsSuccess);
        Assert.True((await users.CreateAsync(actor, new CreateUserInput("target", null, null, null, null), None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, plain), "Plain#Passw0rd1");

        using var page = await session.Http.GetAsync("/console/ram/canary-keys");
        // A valid form token from a page the user may open, so only the permission can refuse the post.
        using var post = await session.PostFormAsync("/console/", "/console/ram/canary-keys", ("UserName", "target"));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var keys = await _factory.Services.GetRequiredService<AccessKeyService>().ListAsync(new Principal(account.AccountId, null, null, null), "target", None);
        Assert.Empty(keys.Value);
    }

    [Fact]
    public async Task AnUnknownOwner_IsNamedInTheError_AndNothingIsCreated()
    {
        var (account, _) = await CreateAccountAsync();
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(account.AccountName, Password);

        using var response = await session.PostFormAsync("/console/ram/canary-keys", "/console/ram/canary-keys", ("UserName", "nobody"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"canary-error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("created-access-key-secret", html, StringComparison.Ordinal);
        var audit = (await _factory.Services.GetRequiredService<IAuditStore>().ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.DoesNotContain(audit, e => e.EventName is "CreateCanaryAccessKey" or "CreateAccessKey");
    }

    private async Task<(Account Account, AuditContext Actor)> CreateAccountAsync()
    {
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        var name = "canary-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await accounts.CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await accounts.FindByNameAsync(name, None))!;
        return (account, new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test"));
    }

    private static string Between(string html, string id)
    {
        var match = Regex.Match(html, "id=\"" + id + "\">([^<]+)<", RegexOptions.CultureInvariant);
        Assert.True(match.Success, id + " is on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
