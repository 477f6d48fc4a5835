using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>Issue 9's console items over the real HTTP stack and SQLite store.</summary>
public sealed class ConsoleLogonHardeningTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private readonly ConsoleFactory _factory = new();
    private readonly MeterListener _listener = new();
    private long _passwordChecks;

    public ConsoleLogonHardeningTests()
    {
        var meterFactory = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "latchkey.console.password_checks" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _passwordChecks, value));
        _listener.Start();
    }

    [Fact]
    public async Task FiftyConcurrentWrongPasswords_CheckAtMostFivePasswords_ThenTheRightOneIsLockedOut()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(_factory);
        var token = ConsoleSession.TokenIn(await session.GetHtmlAsync("/console/logon"));

        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await session.PostAsync("/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"), ("__RequestVerificationToken", token));
            statuses.Add(response.StatusCode);
        }));

        Assert.Equal(50, statuses.Count);
        Assert.DoesNotContain(HttpStatusCode.Redirect, statuses);
        Assert.InRange(Interlocked.Read(ref _passwordChecks), 1, LogonService.Rule.MaxFailures);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 45);
        using var locked = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name.ToUpperInvariant()), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(Interlocked.Read(ref _passwordChecks), 1, LogonService.Rule.MaxFailures);
    }

    [Fact]
    public async Task SecuritySettings_CurrentPasswordGuessing_IsThrottled()
    {
        var name = await CreateAccountAsync();
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(name, Password);
        var checksAfterLogon = Interlocked.Read(ref _passwordChecks);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var guess = await session.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", $"Guess!{i}Passw0rd"), ("NewPassword", "N3w!Passw0rd"));
            statuses.Add(guess.StatusCode);
        }

        using var right = await session.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", Password), ("NewPassword", "N3w!Passw0rd"));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], statuses.Take(4));
        Assert.All(statuses.Skip(4), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(LogonService.Rule.MaxFailures, Interlocked.Read(ref _passwordChecks) - checksAfterLogon);
        using var other = new ConsoleSession(_factory);
        using var logon = await other.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, logon.StatusCode);
    }

    [Fact]
    public async Task PasswordResetRequired_SendsTheUserToSetANewPassword_BeforeAnyPage()
    {
        var (principalName, _) = await CreateRamUserAsync("resetme", "Reset#Passw0rd1", passwordResetRequired: true);
        using var session = new ConsoleSession(_factory);

        using var logon = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", principalName), ("Password", "Reset#Passw0rd1"));
        Assert.Equal(HttpStatusCode.Redirect, logon.StatusCode);
        Assert.Equal("/console/logon/password", logon.Headers.Location?.OriginalString);
        using var home = await session.Http.GetAsync(new Uri("/console/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("http://localhost/console/logon", home.Headers.Location?.ToString(), StringComparison.Ordinal);

        using var weak = await session.PostFormAsync("/console/logon/password", "/console/logon/password", ("NewPassword", "weak"), ("ConfirmPassword", "weak"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("not compliant with the password policy", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var set = await session.PostFormAsync("/console/logon/password", "/console/logon/password", ("NewPassword", "Reset#Passw0rd2"), ("ConfirmPassword", "Reset#Passw0rd2"));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/console/", set.Headers.Location?.OriginalString);
        Assert.Contains("Welcome, " + principalName, await session.GetHtmlAsync("/console/"), StringComparison.Ordinal);

        using var again = new ConsoleSession(_factory);
        using var old = await again.PostFormAsync("/console/logon", "/console/logon", ("LogonName", principalName), ("Password", "Reset#Passw0rd1"));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var fresh = await again.PostFormAsync("/console/logon", "/console/logon", ("LogonName", principalName), ("Password", "Reset#Passw0rd2"));
        Assert.Equal("/console/", fresh.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PasswordStep_WithoutAPendingLogon_SendsBackToLogOn()
    {
        using var session = new ConsoleSession(_factory);

        using var page = await session.Http.GetAsync(new Uri("/console/logon/password", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console/logon", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RamUser_ChangesItsOwnPassword_InSecuritySettings()
    {
        var (principalName, _) = await CreateRamUserAsync("selfservice", "Self#Passw0rd1", passwordResetRequired: false);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(principalName, "Self#Passw0rd1");

        using var wrong = await session.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", "Nope#Passw0rd1"), ("NewPassword", "Self#Passw0rd2"));
        using var changed = await session.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", "Self#Passw0rd1"), ("NewPassword", "Self#Passw0rd2"));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("The password is changed.", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new ConsoleSession(_factory);
        await again.LogOnAsync(principalName, "Self#Passw0rd2");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    private async Task<string> CreateAccountAsync()
    {
        var name = "harden-" + Guid.NewGuid().ToString("N")[..12];
        var account = await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        return name;
    }

    private async Task<(string PrincipalName, Account Account)> CreateRamUserAsync(string userName, string password, bool passwordResetRequired)
    {
        var name = await CreateAccountAsync();
        var account = (await _factory.Services.GetRequiredService<AccountService>().FindByNameAsync(name, CancellationToken.None))!;
        var users = _factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var user = await users.CreateAsync(actor, new CreateUserInput(userName, null, null, null, null), CancellationToken.None);
        Assert.True(user.IsSuccess, user.Error?.Code);
        Assert.True((await users.CreateLoginProfileAsync(actor, userName, password, passwordResetRequired, false, CancellationToken.None)).IsSuccess);
        return (users.PrincipalNameOf(account, user.Value), account);
    }
}
