using System.Net;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>A password change ends the other open sessions of that identity (the session stamp in the cookie).</summary>
public sealed class ConsoleSessionStampTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private readonly ConsoleFactory _factory = new();

    [Fact]
    public async Task AccountPasswordChange_EndsTheOtherSessions_AndKeepsTheOneThatChangedIt()
    {
        var name = await CreateAccountAsync();
        using var here = new ConsoleSession(_factory);
        using var elsewhere = new ConsoleSession(_factory);
        await here.LogOnAsync(name, Password);
        await elsewhere.LogOnAsync(name, Password);
        await elsewhere.GetHtmlAsync("/console/accesskeys");

        using var changed = await here.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", Password), ("NewPassword", "N3w!Passw0rd"));
        var html = await changed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Every other session of this account has been logged off.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("N3w!Passw0rd", html, StringComparison.Ordinal);
        await here.GetHtmlAsync("/console/accesskeys");
        await AssertLoggedOffAsync(elsewhere);
        using var oldPassword = new ConsoleSession(_factory);
        using var refused = await oldPassword.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await oldPassword.LogOnAsync(name, "N3w!Passw0rd");
    }

    [Fact]
    public async Task AccountPasswordChange_WithTheWrongCurrentPassword_ChangesNothing()
    {
        var name = await CreateAccountAsync();
        using var here = new ConsoleSession(_factory);
        using var elsewhere = new ConsoleSession(_factory);
        await here.LogOnAsync(name, Password);
        await elsewhere.LogOnAsync(name, Password);

        using var refused = await here.PostFormAsync("/console/settings", "/console/settings?handler=Password", ("CurrentPassword", "Wrong!Passw0rd"), ("NewPassword", "N3w!Passw0rd"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The current password is incorrect.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await elsewhere.GetHtmlAsync("/console/accesskeys");
    }

    [Fact]
    public async Task RamUserPasswordReset_EndsTheUsersOpenSessions()
    {
        var name = await CreateAccountAsync();
        var account = (await _factory.Services.GetRequiredService<AccountService>().FindByNameAsync(name, CancellationToken.None))!;
        var users = _factory.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var user = await users.CreateAsync(actor, new CreateUserInput("erin", null, null, null, null), CancellationToken.None);
        Assert.True((await users.CreateLoginProfileAsync(actor, "erin", "Erin#Passw0rd", false, false, CancellationToken.None)).IsSuccess);
        using var erin = new ConsoleSession(_factory);
        await erin.LogOnAsync(users.PrincipalNameOf(account, user.Value), "Erin#Passw0rd");
        await erin.GetHtmlAsync("/console/");
        using var admin = new ConsoleSession(_factory);
        await admin.LogOnAsync(name, Password);

        using var reset = await admin.PostFormAsync("/console/ram/users/erin", "/console/ram/users/erin?handler=Password", ("ConsolePassword", "Reset#Passw0rd"));

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("The console password is saved.", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertLoggedOffAsync(erin);
        await admin.GetHtmlAsync("/console/ram/users");
        using var again = new ConsoleSession(_factory);
        await again.LogOnAsync(users.PrincipalNameOf(account, user.Value), "Reset#Passw0rd");
        await again.GetHtmlAsync("/console/");
    }

    public void Dispose() => _factory.Dispose();

    private static async Task AssertLoggedOffAsync(ConsoleSession session)
    {
        using var after = await session.Http.GetAsync(new Uri("/console/accesskeys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/console/logon", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> CreateAccountAsync()
    {
        var name = "stamp-" + Guid.NewGuid().ToString("N")[..12];
        var account = await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        return name;
    }
}
