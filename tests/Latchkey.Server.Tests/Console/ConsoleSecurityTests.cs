using System.Net;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

public sealed class ConsoleSecurityTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private const string Password = "Str0ng!Passw0rd";

    [Fact]
    public async Task BrowserGetAtRoot_RedirectsToTheConsole()
    {
        using var session = new ConsoleSession(factory);

        using var response = await session.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ConsoleWithoutSession_RedirectsToLogOn()
    {
        using var session = new ConsoleSession(factory);

        using var response = await session.Http.GetAsync(new Uri("/console/accesskeys", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/console/logon?ReturnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/console/logon")]
    [InlineData("/console/create-account")]
    [InlineData("/console/assets/console.js")]
    [InlineData("/console/assets/console.css")]
    public async Task EveryConsoleResponse_HasSecurityHeadersAndNoStore(string path)
    {
        using var session = new ConsoleSession(factory);

        using var response = await session.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task LogOnPage_LabelsItsFieldsAndUsesNoInlineScript()
    {
        using var session = new ConsoleSession(factory);

        var html = await session.GetHtmlAsync("/console/logon");

        Assert.Contains("<label for=\"logon-name\">Logon Name</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Password</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Log On</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogOnPost_WithoutAntiforgeryToken_IsRejected()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(factory);
        await session.GetHtmlAsync("/console/logon");

        using var response = await session.PostAsync("/console/logon", ("LogonName", name), ("Password", Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key == "Set-Cookie" && header.Value.Any(v => v.StartsWith("latchkey.console=", StringComparison.Ordinal)));
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task CreateAccessKeyPost_WithAnotherSessionsToken_IsRejected()
    {
        var name = await CreateAccountAsync();
        using var victim = new ConsoleSession(factory);
        await victim.LogOnAsync(name, Password);
        using var attacker = new ConsoleSession(factory);
        var attackerToken = ConsoleSession.TokenIn(await attacker.GetHtmlAsync("/console/logon"));

        using var response = await victim.PostAsync("/console/accesskeys?handler=Create", ("__RequestVerificationToken", attackerToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("created-access-key-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogOn_SetsHttpOnlyStrictSessionCookie()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(factory);
        var token = ConsoleSession.TokenIn(await session.GetHtmlAsync("/console/logon"));

        using var response = await session.PostAsync("/console/logon", ("LogonName", name), ("Password", Password), ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), v => v.StartsWith("latchkey.console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateAccessKey_SecretOnlyInThePostResponse_NeverInListCookiesOrLogs()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(factory);
        await session.LogOnAsync(name, Password);

        using var created = await session.PostFormAsync("/console/accesskeys", "/console/accesskeys?handler=Create");
        var html = await created.Content.ReadAsStringAsync();
        var secret = SecretIn(html);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        AssertSecurityHeaders(created);
        Assert.DoesNotContain(created.Headers, header => header.Value.Any(v => v.Contains(secret, StringComparison.Ordinal)));
        var list = await session.GetHtmlAsync("/console/accesskeys");
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("created-access-key-secret", list, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAccessKey_PastTheLimit_IsRefusedWithTheReason()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(factory);
        await session.LogOnAsync(name, Password);
        for (var i = 0; i < 2; i++)
        {
            using var ok = await session.PostFormAsync("/console/accesskeys", "/console/accesskeys?handler=Create");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var page = await session.GetHtmlAsync("/console/accesskeys");
        using var refused = await session.PostFormAsync("/console/accesskeys", "/console/accesskeys?handler=Create");
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Contains("disabled aria-describedby=\"accesskey-limit\">Create AccessKey</button>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("disable and delete an old one first", html, StringComparison.Ordinal);
        Assert.DoesNotContain("created-access-key-secret", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RamUserSession_EndsWhenItsConsoleLogonIsDisabled()
    {
        var name = await CreateAccountAsync();
        var account = (await factory.Services.GetRequiredService<AccountService>().FindByNameAsync(name, CancellationToken.None))!;
        var users = factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var user = await users.CreateAsync(actor, new CreateUserInput("carol", null, null, null, null), CancellationToken.None);
        Assert.True(user.IsSuccess);
        Assert.True((await users.CreateLoginProfileAsync(actor, "carol", "Carol#Passw0rd", false, false, CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, user.Value), "Carol#Passw0rd");
        await session.GetHtmlAsync("/console/");

        Assert.True((await users.DeleteLoginProfileAsync(actor, "carol", CancellationToken.None)).IsSuccess);
        using var after = await session.Http.GetAsync(new Uri("/console/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/console/logon", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RamUserWithoutSelfService_CannotCreateOwnKeys()
    {
        var name = await CreateAccountAsync();
        var account = (await factory.Services.GetRequiredService<AccountService>().FindByNameAsync(name, CancellationToken.None))!;
        var users = factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var user = await users.CreateAsync(actor, new CreateUserInput("dave", null, null, null, null), CancellationToken.None);
        Assert.True((await users.CreateLoginProfileAsync(actor, "dave", "Dave#Passw0rd", false, false, CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, user.Value), "Dave#Passw0rd");
        var token = ConsoleSession.TokenIn(await session.GetHtmlAsync("/console/"));

        using var response = await session.PostAsync("/console/accesskeys?handler=Create", ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You cannot manage your own AccessKey pairs.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var keys = await factory.Services.GetRequiredService<AccessKeyService>().ListAsync(new Principal(account.AccountId, user.Value.UserId, "dave", null), null, CancellationToken.None);
        Assert.Empty(keys.Value);
    }

    private async Task<string> CreateAccountAsync()
    {
        var name = "console-" + Guid.NewGuid().ToString("N")[..12];
        var account = await factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        return name;
    }

    private static string SecretIn(string html)
    {
        const string marker = "id=\"created-access-key-secret\">";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "the POST response shows the new secret");
        start += marker.Length;
        return html[start..html.IndexOf('<', start)];
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }
}
