using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary><c>latchkey serve</c> validates its options at start-up: a bad setting stops it with the setting's name and the fix.</summary>
public sealed class ServeConfigurationTests
{
    [Theory]
    [InlineData("--Api:MaxBodyBytes=1", "Api:MaxBodyBytes must be between 1024 and 10485760", "LATCHKEY_Api__MaxBodyBytes")]
    [InlineData("--Signature:MaxClockSkew=01:00:00", "Signature:MaxClockSkew must be between 00:01:00 and 00:15:00", "LATCHKEY_Signature__MaxClockSkew")]
    [InlineData("--Identity:AccessKeyIdPrefix=LTAI", "Identity:AccessKeyIdPrefix must not start with LTAI", "Identity:AccessKeyIdPrefix")]
    [InlineData("--Identity:AccountAccessKeyLimit=0", "Identity:AccountAccessKeyLimit must be between 1 and 10", "LATCHKEY_Identity__AccountAccessKeyLimit")]
    [InlineData("--Cluster:Nodes=0", "Cluster:Nodes must be between 1 and 1000", "LATCHKEY_Cluster__Nodes")]
    [InlineData("--Storage:Provider=PostgreSql", "Storage:ConnectionString is required", "LATCHKEY_Storage__ConnectionString")]
    public async Task Serve_WithABadSetting_RefusesToStart_NamingTheSettingAndTheFix(string setting, string message, string fix)
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync(["serve", "--urls", "http://127.0.0.1:0", setting], workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.Contains(fix, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }
}
