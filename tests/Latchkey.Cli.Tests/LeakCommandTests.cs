using System.Diagnostics;
using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>
/// <c>latchkey leak report</c> and <c>latchkey canary create</c> on the data folder of a running
/// server: the server sees the change through the change log (within a second) and refuses the key.
/// </summary>
public sealed class LeakCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task LeakReport_OfASecret_DisablesTheKeyOnTheRunningServer()
    {
        var account = await fixture.NewAccountAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir])).ExitCode);

        var report = await CliRunner.RunAsync(
            ["leak", "report", "--token-stdin", "--source", "pastebin", "--url", "https://paste.example.test/abc", "--data", fixture.DataDirectory],
            account.AccessKeySecret + "\n");

        Assert.True(report.ExitCode == 0, report.ToString());
        var json = JsonDocument.Parse(report.StdOut).RootElement;
        Assert.Equal(account.AccessKeyId, json.GetProperty("AccessKeyId").GetString());
        Assert.Equal("Disable", json.GetProperty("Action").GetString());
        Assert.DoesNotContain(account.AccessKeySecret, report.StdOut + report.StdErr, StringComparison.Ordinal);
        var refused = await UntilRefusedAsync(account.ConfigDir);
        Assert.Contains("InvalidAccessKeyId.Inactive", refused.StdErr, StringComparison.Ordinal);
        var audit = await CliRunner.RunAsync(["audit", "list", "--data", fixture.DataDirectory, "--account", account.AccountId]);
        Assert.Contains("ReportAccessKeyLeak", audit.StdOut, StringComparison.Ordinal);
        Assert.Contains("https://paste.example.test/abc", audit.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeakReport_Restrict_RefusesRamButStillAnswersWhoAmI()
    {
        var account = await fixture.NewAccountAsync();

        var report = await CliRunner.RunAsync(["leak", "report", account.AccessKeyId, "--source", "support-ticket", "--action", "restrict", "--data", fixture.DataDirectory]);

        Assert.True(report.ExitCode == 0, report.ToString());
        var deadline = Stopwatch.StartNew();
        CliResult users;
        do
        {
            users = await CliRunner.RunAsync(["users", "list", "--config-dir", account.ConfigDir]);
        }
        while (users.ExitCode == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Contains("There is a risk of leakage of this AccessKey.", users.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir])).ExitCode);
    }

    [Fact]
    public async Task LeakReport_OfAnUnknownToken_ChangesNothing()
    {
        var account = await fixture.NewAccountAsync();

        var report = await CliRunner.RunAsync(["leak", "report", "LTAI000000000000unknown0", "--source", "pastebin", "--data", fixture.DataDirectory]);
        var noToken = await CliRunner.RunAsync(["leak", "report", "--source", "pastebin", "--data", fixture.DataDirectory]);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("names no AccessKey", report.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir])).ExitCode);
    }

    [Fact]
    public async Task CanaryCreate_PrintsAKeyThatCanDoNothing_AndItsUseIsAudited()
    {
        var account = await fixture.NewAccountAsync();

        var created = await CliRunner.RunAsync(["canary", "create", "--account", account.AccountId, "--data", fixture.DataDirectory]);

        Assert.True(created.ExitCode == 0, created.ToString());
        var json = JsonDocument.Parse(created.StdOut).RootElement;
        var env = new Dictionary<string, string>
        {
            ["LATCHKEY_ENDPOINT"] = fixture.Server.Url,
            ["LATCHKEY_ACCESS_KEY_ID"] = json.GetProperty("AccessKeyId").GetString()!,
            ["LATCHKEY_ACCESS_KEY_SECRET"] = json.GetProperty("AccessKeySecret").GetString()!,
        };
        var deadline = Stopwatch.StartNew();
        CliResult used;
        do
        {
            used = await CliRunner.RunAsync(["whoami"], environment: env);
        }
        while (!used.StdErr.Contains("NoPermission", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(1, used.ExitCode);
        Assert.Contains("NoPermission", used.StdErr, StringComparison.Ordinal);
        var audit = await CliRunner.RunAsync(["audit", "list", "--data", fixture.DataDirectory, "--account", account.AccountId]);
        Assert.Contains("CreateCanaryAccessKey", audit.StdOut, StringComparison.Ordinal);
        Assert.Contains("CanaryAccessKeyUsed", audit.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(env["LATCHKEY_ACCESS_KEY_SECRET"], audit.StdOut, StringComparison.Ordinal);
    }

    /// <summary>The server learns of a change made on its data folder through the change log; wait for it (a deadline, not a sleep).</summary>
    private static async Task<CliResult> UntilRefusedAsync(string configDir)
    {
        var deadline = Stopwatch.StartNew();
        CliResult result;
        do
        {
            result = await CliRunner.RunAsync(["whoami", "--config-dir", configDir]);
        }
        while (result.ExitCode == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30));

        return result;
    }
}
