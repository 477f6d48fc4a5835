using System.Net;
using System.Text.RegularExpressions;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>Console logons with MFA, over HTTP: the code step, forced enrolment, session length and network masks.</summary>
public sealed partial class ConsoleMfaTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private readonly ConsoleFactory _factory = new();

    [Fact]
    public async Task AccountWithADevice_NeedsACode_WrongAndReusedCodesAreRefused()
    {
        var (name, account) = await CreateAccountAsync();
        var seed = await BindAccountDeviceAsync(account);
        using var session = new ConsoleSession(_factory);

        using var logon = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal("/console/logon/mfa", logon.Headers.Location?.OriginalString);
        using var home = await session.Http.GetAsync(new Uri("/console/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);

        var t = Totp.StepAt(_factory.Clock.GetUtcNow());
        var wrong = Totp.Code(seed, t) == "000000" ? "000001" : "000000";
        using var refused = await session.PostFormAsync("/console/logon/mfa", "/console/logon/mfa", ("Code", wrong));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("The security code is incorrect or has been used already.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var reused = await session.PostFormAsync("/console/logon/mfa", "/console/logon/mfa", ("Code", Totp.Code(seed, t)));
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);

        using var accepted = await session.PostFormAsync("/console/logon/mfa", "/console/logon/mfa", ("Code", Totp.Code(seed, t + 1)));
        Assert.Equal("/console/", accepted.Headers.Location?.OriginalString);
        Assert.Contains("Welcome, " + name, await session.GetHtmlAsync("/console/"), StringComparison.Ordinal);

        // The same code again, in another browser: refused.
        using var other = new ConsoleSession(_factory);
        await other.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        using var replay = await other.PostFormAsync("/console/logon/mfa", "/console/logon/mfa", ("Code", Totp.Code(seed, t + 1)));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task MfaBindRequired_ForcesEnrolment_ThenTheSessionStarts()
    {
        var (name, account) = await CreateAccountAsync();
        var users = _factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var user = (await users.CreateAsync(actor, new CreateUserInput("henry", null, null, null, null), CancellationToken.None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "henry", "Henry#Passw0rd1", false, mfaBindRequired: true, CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(_factory);

        using var logon = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", users.PrincipalNameOf(account, user)), ("Password", "Henry#Passw0rd1"));
        Assert.Equal("/console/logon/bind-mfa", logon.Headers.Location?.OriginalString);
        var page = await session.GetHtmlAsync("/console/logon/bind-mfa");
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
        var seed = Base32.Decode(SeedPattern().Match(page).Groups[1].Value);
        var ticket = System.Net.WebUtility.HtmlDecode(TicketPattern().Match(page).Groups[1].Value);
        var token = ConsoleSession.TokenIn(page);
        var t = Totp.StepAt(_factory.Clock.GetUtcNow());

        using var wrong = await session.PostAsync("/console/logon/bind-mfa", ("Ticket", ticket), ("Code1", Totp.Code(seed, t)), ("Code2", Totp.Code(seed, t + 5)), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var again = await wrong.Content.ReadAsStringAsync();
        Assert.Contains(SeedPattern().Match(page).Groups[1].Value, again, StringComparison.Ordinal);

        using var bound = await session.PostAsync("/console/logon/bind-mfa", ("Ticket", ticket), ("Code1", Totp.Code(seed, t - 1)), ("Code2", Totp.Code(seed, t)), ("__RequestVerificationToken", token));
        Assert.Equal("/console/", bound.Headers.Location?.OriginalString);
        Assert.NotNull(await _factory.Services.GetRequiredService<MfaService>().FindBoundAsync(new Principal(account.AccountId, user.UserId, "henry", null), CancellationToken.None));
        Assert.Contains("Welcome, ", await session.GetHtmlAsync("/console/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATicketFromAnotherIdentity_CannotRevealOrBindItsDevice()
    {
        var (name, account) = await CreateAccountAsync();
        using var owner = new ConsoleSession(_factory);
        await owner.LogOnAsync(name, Password);
        using var started = await owner.PostFormAsync("/console/mfa", "/console/mfa?handler=Start");
        var page = await started.Content.ReadAsStringAsync();
        var ticket = System.Net.WebUtility.HtmlDecode(TicketPattern().Match(page).Groups[1].Value);
        var (otherName, _) = await CreateAccountAsync();
        using var other = new ConsoleSession(_factory);
        await other.LogOnAsync(otherName, Password);

        using var stolen = await other.PostFormAsync("/console/mfa", "/console/mfa?handler=Bind", ("Ticket", ticket), ("Code1", "123456"), ("Code2", "654321"));

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.DoesNotContain(SeedPattern().Match(page).Groups[1].Value, await stolen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginSessionDuration_EndsTheSession_WhateverItsActivity()
    {
        var (name, account) = await CreateAccountAsync();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await _factory.Services.GetRequiredService<SecurityPreferenceService>().SetAsync(actor, new SecurityPreferenceUpdate { LoginSessionDuration = 1 }, CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(name, Password);

        _factory.Clock.Advance(TimeSpan.FromMinutes(59));
        await session.GetHtmlAsync("/console/");
        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        using var after = await session.Http.GetAsync(new Uri("/console/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/console/logon", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginNetworkMasks_RefuseALogonFromElsewhere_WithoutCheckingThePassword()
    {
        var (name, account) = await CreateAccountAsync();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var users = _factory.Services.GetRequiredService<RamUserService>();
        var user = (await users.CreateAsync(actor, new CreateUserInput("remote", null, null, null, null), CancellationToken.None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "remote", "Remote#Passw0rd1", false, false, CancellationToken.None)).IsSuccess);
        Assert.True((await _factory.Services.GetRequiredService<SecurityPreferenceService>().SetAsync(actor, new SecurityPreferenceUpdate { LoginNetworkMasks = "198.51.100.0/24" }, CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(_factory);

        using var refused = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", users.PrincipalNameOf(account, user)), ("Password", "Remote#Passw0rd1"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not allowed from your network address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await session.LogOnAsync(name, Password);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<byte[]> BindAccountDeviceAsync(Account account)
    {
        var mfa = _factory.Services.GetRequiredService<MfaService>();
        var root = new Principal(account.AccountId, null, null, null);
        var actor = new AuditContext(root, "127.0.0.1", "test");
        var created = (await mfa.CreateAsync(actor, "root-phone", CancellationToken.None)).Value;
        var seed = Base32.Decode(created.Base32StringSeed);
        var t = Totp.StepAt(_factory.Clock.GetUtcNow());
        Assert.True((await mfa.BindAsync(actor, created.Device.SerialNumber, root, Totp.Code(seed, t - 1), Totp.Code(seed, t), CancellationToken.None)).IsSuccess);
        return seed;
    }

    private async Task<(string Name, Account Account)> CreateAccountAsync()
    {
        var name = "mfa-" + Guid.NewGuid().ToString("N")[..12];
        var account = await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        return (name, account.Value);
    }

    [GeneratedRegex("<code id=\"mfa-seed\">([A-Z2-7]+)</code>")]
    private static partial Regex SeedPattern();

    [GeneratedRegex("name=\"Ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketPattern();
}
