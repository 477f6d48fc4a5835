using System.Net;

namespace Latchkey.Server.Tests.Console;

public sealed class ConsoleSignUpTests
{
    [Fact]
    public async Task SignUpAllowed_CreateAccountLogsTheNewAccountOn()
    {
        using var factory = new ConsoleFactory();
        using var session = new ConsoleSession(factory);
        var name = "signup-" + Guid.NewGuid().ToString("N")[..10];

        Assert.Contains(">Create Account</a>", await session.GetHtmlAsync("/console/logon"), StringComparison.Ordinal);
        using var created = await session.PostFormAsync("/console/create-account", "/console/create-account",
            ("LogonName", name), ("Password", "Str0ng!Passw0rd"), ("ConfirmPassword", "Str0ng!Passw0rd"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Welcome, " + name, await session.GetHtmlAsync("/console/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUpAllowed_WeakPassword_IsRefusedWithThePolicy()
    {
        using var factory = new ConsoleFactory();
        using var session = new ConsoleSession(factory);

        using var refused = await session.PostFormAsync("/console/create-account", "/console/create-account",
            ("LogonName", "weak-" + Guid.NewGuid().ToString("N")[..10]), ("Password", "password"), ("ConfirmPassword", "password"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least three of", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUpDisallowed_HidesTheLinkAndRefusesThePage()
    {
        using var factory = new ConsoleFactory(("Identity:AllowSignUp", "false"));
        using var session = new ConsoleSession(factory);

        var logon = await session.GetHtmlAsync("/console/logon");
        using var page = await session.Http.GetAsync(new Uri("/console/create-account", UriKind.Relative));

        Assert.DoesNotContain("Create Account", logon, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }
}
