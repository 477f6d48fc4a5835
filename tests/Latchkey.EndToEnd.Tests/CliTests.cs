using System.Diagnostics;
using System.Text.Json;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>`latchkey bootstrap` and `latchkey serve` as processes, driven like an operator would.</summary>
[Collection(SharedServer.Name)]
public sealed class CliTests(LatchkeyServer server)
{
    [Fact]
    public async Task Bootstrap_BesideRunningServer_KeyWorksOnTheNextRequest()
    {
        var name = "boot-" + Guid.NewGuid().ToString("N")[..10];

        var first = await LatchkeyProcess.BootstrapAsync(server.DataDirectory, name, "Str0ng!Passw0rd");
        var second = await LatchkeyProcess.BootstrapAsync(server.DataDirectory, name, "Str0ng!Passw0rd");
        var sdk = new SdkRunner(server);
        var identity = sdk.Add("sts", "v3", first.GetProperty("AccessKeyId").GetString()!, first.GetProperty("AccessKeySecret").GetString()!, "GetCallerIdentity");
        var viaSecond = sdk.Add("pop", "GET", second.GetProperty("AccessKeyId").GetString()!, second.GetProperty("AccessKeySecret").GetString()!, "GetCallerIdentity");
        var outcomes = await sdk.RunAsync();

        Assert.True(first.GetProperty("AccountCreated").GetBoolean());
        Assert.False(second.GetProperty("AccountCreated").GetBoolean());
        Assert.Equal(first.GetProperty("AccountId").GetString(), second.GetProperty("AccountId").GetString());
        Assert.True(outcomes[identity].Ok, outcomes[identity].ToString());
        Assert.Equal(first.GetProperty("AccountId").GetString(), outcomes[identity].Body.GetProperty("AccountId").GetString());
        Assert.True(outcomes[viaSecond].Ok, outcomes[viaSecond].ToString());
    }

    [Fact]
    public async Task Serve_FreshDataFolder_CreatesItAndAnswersSignedCalls()
    {
        var dataDirectory = Path.Combine(Directory.CreateTempSubdirectory("latchkey-serve-").FullName, "data");
        using var process = Process.Start(LatchkeyProcess.StartInfo("serve", "--data", dataDirectory, "--urls", "http://127.0.0.1:0"))!;
        try
        {
            var address = await LatchkeyProcess.ReadBoundAddressAsync(process);

            Assert.NotNull(address);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "master.key")));
            var account = await LatchkeyProcess.BootstrapAsync(dataDirectory, "served", "Str0ng!Passw0rd");
            var sdk = new SdkRunner(new Uri(address).Authority);
            var identity = sdk.Add("sts", "v3", account.GetProperty("AccessKeyId").GetString()!, account.GetProperty("AccessKeySecret").GetString()!, "GetCallerIdentity");
            var outcomes = await sdk.RunAsync();

            Assert.True(outcomes[identity].Ok, outcomes[identity].ToString());
            Assert.Equal(account.GetProperty("AccountId").GetString(), outcomes[identity].Body.GetProperty("AccountId").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
