using System.Net;
using Latchkey.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

public sealed class ConsoleLockoutTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private readonly ConsoleFactory _factory = new();

    [Fact]
    public async Task FiveFailedLogOns_LockTheNameFor15Minutes_EvenWithTheRightPassword()
    {
        var name = "locked-" + Guid.NewGuid().ToString("N")[..12];
        var account = await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        using var session = new ConsoleSession(_factory);

        for (var i = 0; i < 4; i++)
        {
            using var failed = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        // The failure that reaches the limit already answers with the lock.
        using var fifth = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);

        using var locked = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _factory.Clock.Advance(TimeSpan.FromMinutes(14));
        using var stillLocked = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);

        _factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var unlocked = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
    }

    [Fact]
    public async Task FailedLogOns_ForAnUnknownName_LockItTheSameWay()
    {
        using var session = new ConsoleSession(_factory);
        var name = "nobody-" + Guid.NewGuid().ToString("N")[..12];

        for (var i = 0; i < 4; i++)
        {
            using var failed = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            Assert.Contains("The logon name or password is incorrect.", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var fifth = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
        Assert.Contains("locked for 15 minutes", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var locked = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }

    [Fact]
    public async Task Lockout_SurvivesARestart_AndHoldsOnASecondNodeOfTheSameDataFolder()
    {
        var name = "restart-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        using (var first = _factory.OnSameDataFolder())
        {
            using var session = new ConsoleSession(first);
            for (var i = 0; i < 5; i++)
            {
                using var failed = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "Wrong!Passw0rd"));
                Assert.NotEqual(HttpStatusCode.Redirect, failed.StatusCode);
            }
        }

        // The node that counted is gone; a new one on the same data folder still refuses the right password.
        using var restarted = _factory.OnSameDataFolder();
        using var again = new ConsoleSession(restarted);
        using var locked = await again.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        using var otherNode = new ConsoleSession(_factory);
        using var lockedToo = await otherNode.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedToo.StatusCode);

        restarted.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var unlocked = await again.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", Password));
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
