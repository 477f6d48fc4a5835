using System.Diagnostics;
using System.Text.Json;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>`latchkey bootstrap` and `latchkey serve` as processes, driven like an operator would.</summary>
[Collection(SharedServer.Name)]
public sealed class CliTests(LatchkeyServer server)
{
    private static ProcessStartInfo Latchkey(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryPaths.CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static async Task<JsonElement> BootstrapAsync(string dataDirectory, string accountName, string password)
    {
        using var process = Process.Start(Latchkey("bootstrap", "--data", dataDirectory, "--account-name", accountName, "--password-stdin", "--create-access-key"))!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"bootstrap exited {process.ExitCode}: {errors}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Bootstrap_BesideRunningServer_KeyWorksOnTheNextRequest()
    {
        var name = "boot-" + Guid.NewGuid().ToString("N")[..10];

        var first = await BootstrapAsync(server.DataDirectory, name, "Str0ng!Passw0rd");
        var second = await BootstrapAsync(server.DataDirectory, name, "Str0ng!Passw0rd");
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
        using var process = Process.Start(Latchkey("serve", "--data", dataDirectory, "--urls", "http://127.0.0.1:0"))!;
        try
        {
            // The JSON console log names the bound address once Kestrel listens.
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                using var log = JsonDocument.Parse(line);
                if (log.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("address", out var bound))
                {
                    address = bound.GetString();
                }
            }

            Assert.NotNull(address);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "master.key")));
            var account = await BootstrapAsync(dataDirectory, "served", "Str0ng!Passw0rd");
            var endpoint = new Uri(address).Authority;
            var start = new ProcessStartInfo("node") { WorkingDirectory = RepositoryPaths.SdkDirectory, RedirectStandardOutput = true };
            var plan = Path.Combine(Path.GetTempPath(), $"latchkey-serve-plan-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(new[]
            {
                new SdkStep("sts", "v3", "GetCallerIdentity", new Dictionary<string, string>(), account.GetProperty("AccessKeyId").GetString()!, account.GetProperty("AccessKeySecret").GetString()!),
            }));
            start.ArgumentList.Add("call.js");
            start.ArgumentList.Add(plan);
            start.Environment["LATCHKEY_ENDPOINT"] = endpoint;
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();
            File.Delete(plan);

            using var outcome = JsonDocument.Parse(output);
            Assert.True(outcome.RootElement[0].GetProperty("ok").GetBoolean(), output);
            Assert.Equal(account.GetProperty("AccountId").GetString(), outcome.RootElement[0].GetProperty("body").GetProperty("AccountId").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
