using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>Every command refuses what it does not know: exit 2, the nearest valid option named, nothing done.</summary>
public sealed class StrictCommandLineTests
{
    /// <summary>Every command of the CLI, with the arguments it requires.</summary>
    public static TheoryData<string[]> EveryCommand() => new()
    {
        { ["serve"] },
        { ["bootstrap", "--account-name", "acme", "--password-stdin"] },
        { ["configure", "--endpoint", "http://127.0.0.1:1", "--access-key-id", "LKx"] },
        { ["call", "ListUsers"] },
        { ["whoami"] },
        { ["users", "list"] },
        { ["users", "create", "alice"] },
        { ["users", "delete", "alice"] },
        { ["keys", "list"] },
        { ["keys", "create"] },
        { ["keys", "disable", "LKx"] },
        { ["keys", "enable", "LKx"] },
        { ["keys", "delete", "LKx"] },
        { ["audit", "list"] },
        { ["export"] },
        { ["master-key", "rotate", "--yes"] },
        { ["master-key", "retire", "--key-version", "1", "--yes"] },
        { ["completion", "bash"] },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task UnknownOption_OnEveryCommand_ExitsTwo_AndDoesNothing(string[] command)
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync([.. command, "--no-such-option", "1"], "S3cure!console-pw\n", workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--no-such-option", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(result.StdOut);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task StrayArgument_OnEveryCommand_ExitsTwo(string[] command)
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync([.. command, "stray-argument"], "S3cure!console-pw\n", workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("stray-argument", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("--dta", "--data", "master-key", "rotate", "--yes")]
    [InlineData("--fromat", "--format", "export")]
    [InlineData("--max-item", "--max-items", "audit", "list")]
    [InlineData("--dat", "--data", "serve")]
    [InlineData("--acount-name", "--account-name", "bootstrap", "--password-stdin")]
    [InlineData("--endpiont", "--endpoint", "whoami")]
    [InlineData("--signatur", "--signature", "call", "ListUsers")]
    [InlineData("--usr", "--user", "keys", "list")]
    [InlineData("--display-nam", "--display-name", "users", "create", "alice")]
    [InlineData("--proflie", "--profile", "configure", "--endpoint", "http://127.0.0.1:1", "--access-key-id", "LKx")]
    public async Task MistypedOption_SuggestsTheNearestOne(string typo, string suggested, params string[] command)
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync([.. command, typo, "x"], "S3cure!console-pw\n", workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Did you mean '{suggested}'?", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task MistypedCommand_SuggestsTheNearestOne()
    {
        var result = await CliRunner.RunAsync(["usrs", "list"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean 'users'?", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedDataOption_NextToAStore_LeavesItsMasterKeyAlone()
    {
        using var folder = new TempFolder();
        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--account-name", "acme", "--password-stdin", "--create-access-key"], "S3cure!console-pw\n", workingDirectory: folder.Path);
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        var keyFile = Path.Combine(folder.Path, "latchkey-data", "master.key");
        var before = await File.ReadAllTextAsync(keyFile);

        var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--dta", Path.Combine(folder.Path, "elsewhere"), "--yes"], workingDirectory: folder.Path);

        Assert.Equal(2, rotate.ExitCode);
        Assert.Equal(before, await File.ReadAllTextAsync(keyFile));
    }

    [Theory]
    [InlineData("whoami")]
    [InlineData("users", "list")]
    [InlineData("call", "ListUsers")]
    public async Task ConfigurationTokens_OnAClientCommand_ExitTwo(params string[] command)
    {
        var result = await CliRunner.RunAsync([.. command, "--Storage:Provider=PostgreSql"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--Storage:Provider", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_HasNoAdditionalArgumentsBoilerplate()
    {
        foreach (var command in new[] { new[] { "serve" }, ["export"], ["audit", "list"], ["master-key", "rotate"], ["call"] })
        {
            var help = await CliRunner.RunAsync([.. command, "--help"]);

            Assert.Equal(0, help.ExitCode);
            Assert.DoesNotContain("Additional Arguments", help.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("additional arguments", help.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoCommand_SetsTreatUnmatchedTokensAsErrorsFalse()
    {
        var sources = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot, "src", "Latchkey.Cli"), "*.cs");

        Assert.DoesNotContain(sources, file => File.ReadAllText(file).Contains("TreatUnmatchedTokensAsErrors", StringComparison.Ordinal));
    }
}
