using System.Net;
using Latchkey.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

public sealed class ConsoleSignUpTests
{
    private const string Password = "Str0ng!Passw0rd";

    [Fact]
    public async Task FreshInstall_ClosedSignUp_CreatesTheFirstAccountOnly()
    {
        using var factory = new ConsoleFactory();
        using var first = new ConsoleSession(factory);
        var name = "first-" + Guid.NewGuid().ToString("N")[..10];

        Assert.Contains(">Create Account</a>", await first.GetHtmlAsync("/console/logon"), StringComparison.Ordinal);
        Assert.Contains("create its first account", await first.GetHtmlAsync("/console/create-account"), StringComparison.Ordinal);
        using var created = await first.PostFormAsync("/console/create-account", "/console/create-account",
            ("LogonName", name), ("Password", Password), ("ConfirmPassword", Password));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Welcome, " + name, await first.GetHtmlAsync("/console/"), StringComparison.Ordinal);

        using var second = new ConsoleSession(factory);
        Assert.DoesNotContain("Create Account", await second.GetHtmlAsync("/console/logon"), StringComparison.Ordinal);
        using var page = await second.Http.GetAsync(new Uri("/console/create-account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var token = ConsoleSession.TokenIn(await second.GetHtmlAsync("/console/logon"));
        using var posted = await second.PostAsync("/console/create-account", ("LogonName", "second-" + name), ("Password", Password), ("ConfirmPassword", Password), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Null(await factory.Services.GetRequiredService<AccountService>().FindByNameAsync("second-" + name, CancellationToken.None));
    }

    [Fact]
    public async Task FreshInstall_ConcurrentFirstSignUps_CreateExactlyOneAccount()
    {
        using var factory = new ConsoleFactory();
        var sessions = Enumerable.Range(0, 8).Select(_ => new ConsoleSession(factory)).ToList();
        var tokens = new List<string>();
        foreach (var session in sessions)
        {
            tokens.Add(ConsoleSession.TokenIn(await session.GetHtmlAsync("/console/create-account")));
        }

        var statuses = await Task.WhenAll(sessions.Select(async (session, i) =>
        {
            using var response = await session.PostAsync("/console/create-account",
                ("LogonName", $"race{i}-" + Guid.NewGuid().ToString("N")[..8]), ("Password", Password), ("ConfirmPassword", Password), ("__RequestVerificationToken", tokens[i]));
            return response.StatusCode;
        }));

        Assert.Single(statuses, HttpStatusCode.Redirect);
        Assert.All(statuses.Where(s => s != HttpStatusCode.Redirect), s => Assert.Equal(HttpStatusCode.NotFound, s));
        sessions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task SignUpTurnedOn_AnyoneCreatesAccounts_AndWeakPasswordsAreRefused()
    {
        using var factory = new ConsoleFactory(("Identity:AllowSignUp", "true"));
        using var session = new ConsoleSession(factory);
        Assert.True((await factory.Services.GetRequiredService<AccountService>().CreateAsync("existing-" + Guid.NewGuid().ToString("N")[..8], Password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        var name = "signup-" + Guid.NewGuid().ToString("N")[..10];

        Assert.Contains(">Create Account</a>", await session.GetHtmlAsync("/console/logon"), StringComparison.Ordinal);
        using var refused = await session.PostFormAsync("/console/create-account", "/console/create-account",
            ("LogonName", "weak-" + name), ("Password", "password"), ("ConfirmPassword", "password"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least three of", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var created = await session.PostFormAsync("/console/create-account", "/console/create-account",
            ("LogonName", name), ("Password", Password), ("ConfirmPassword", Password));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Welcome, " + name, await session.GetHtmlAsync("/console/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUpTurnedOffExplicitly_AfterTheFirstAccount_HidesTheLinkAndRefusesThePage()
    {
        using var factory = new ConsoleFactory(("Identity:AllowSignUp", "false"));
        Assert.True((await factory.Services.GetRequiredService<AccountService>().CreateAsync("operator-" + Guid.NewGuid().ToString("N")[..8], Password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        using var session = new ConsoleSession(factory);

        var logon = await session.GetHtmlAsync("/console/logon");
        using var page = await session.Http.GetAsync(new Uri("/console/create-account", UriKind.Relative));

        Assert.DoesNotContain("Create Account", logon, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}
