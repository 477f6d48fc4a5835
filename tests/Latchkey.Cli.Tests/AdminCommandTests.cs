using System.Text.Json;
using System.Text.RegularExpressions;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>The admin commands on the data folder, beside and without a running server.</summary>
public sealed class AdminCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AuditList_ForAnAccount_ShowsItsChanges()
    {
        var account = await fixture.NewAccountAsync();

        var result = await CliRunner.RunAsync(["audit", "list", "--data", fixture.DataDirectory, "--account", account.AccountId, "--max-items", "10"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = JsonDocument.Parse(result.StdOut).RootElement.GetProperty("AuditEvents");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("EventName").GetString() == "CreateAccessKey");
        Assert.All(events.EnumerateArray(), e => Assert.Equal(account.AccountId, e.GetProperty("AccountId").GetString()));
        Assert.DoesNotContain(account.AccessKeySecret, result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task Export_ListsEveryKey_WithoutSecrets(string format)
    {
        var account = await fixture.NewAccountAsync();
        var file = Path.Combine(fixture.Root, Guid.NewGuid().ToString("N") + "." + format);

        var toStdout = await CliRunner.RunAsync(["export", "--data", fixture.DataDirectory, "--format", format]);
        var toFile = await CliRunner.RunAsync(["export", "--data", fixture.DataDirectory, "--format", format, "--output", file]);

        Assert.True(toStdout.ExitCode == 0, toStdout.ToString());
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Contains(account.AccessKeyId, toStdout.StdOut, StringComparison.Ordinal);
        Assert.Contains(account.AccountId, toStdout.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(account.AccessKeySecret, toStdout.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(account.AccessKeySecret, toStdout.StdErr, StringComparison.Ordinal);
        // The fixture's server may record a last use between the two exports; all else is the same.
        Assert.Equal(WithoutLastUse(toStdout.StdOut, format), WithoutLastUse(await File.ReadAllTextAsync(file), format));
        if (format == "csv")
        {
            Assert.StartsWith("AccessKeyId,AccountId,AccountName,UserId,UserName,Status,CreateDate,LastUsedDate", toStdout.StdOut, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("export --format csv")]
    [InlineData("export --format json")]
    [InlineData("audit list --max-items 3 --output json")]
    [InlineData("audit list --max-items 3 --output table")]
    public async Task AdminOutputs_EndWithANewline(string command)
    {
        await fixture.NewAccountAsync();

        var result = await CliRunner.RunAsync([.. command.Split(' '), "--data", fixture.DataDirectory]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("\n", result.StdOut, StringComparison.Ordinal);
        Assert.False(result.StdOut.EndsWith("\n\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("table")]
    public async Task ClientOutputs_EndWithANewline(string output)
    {
        var account = await fixture.NewAccountAsync();

        var whoami = await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir, "--output", output]);
        var keys = await CliRunner.RunAsync(["keys", "list", "--config-dir", account.ConfigDir, "--output", output]);

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.EndsWith("\n", whoami.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("\n", keys.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_Csv_EndsWithANewline()
    {
        var account = await fixture.NewAccountAsync();
        var file = Path.Combine(fixture.Root, Guid.NewGuid().ToString("N") + ".csv");

        var created = await CliRunner.RunAsync(["keys", "create", "--config-dir", account.ConfigDir, "--csv", file]);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.EndsWith("\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDataStore_ExitsFive()
    {
        var blocked = Path.Combine(fixture.Root, "not-a-folder-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocked, "a file where the data folder should be");

        var result = await CliRunner.RunAsync(["audit", "list", "--data", blocked]);

        Assert.Equal(5, result.ExitCode);
    }

    private static string WithoutLastUse(string export, string format) => format == "csv"
        ? string.Join('\n', export.Split('\n').Select(line => string.Join(',', line.Split(',').Take(7))))
        : Regex.Replace(export, "\"LastUsed(Date|Service|Action)\":\\s*(\"[^\"]*\"|null)", string.Empty);
}
