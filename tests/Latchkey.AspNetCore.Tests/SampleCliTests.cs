using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Sample.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests;

/// <summary>
/// <c>latchkey call</c> against the sample resource server on routes other than <c>/</c>, and the
/// sample's refusal to start without the settings it needs.
/// </summary>
public sealed class SampleCliTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private async Task<Dictionary<string, string>> CallerAsync()
    {
        var caller = await fixture.NewAccountKeyAsync();
        return new Dictionary<string, string> { ["LATCHKEY_ACCESS_KEY_ID"] = caller.AccessKeyId, ["LATCHKEY_ACCESS_KEY_SECRET"] = caller.Secret, ["CALLER_ACCOUNT"] = caller.AccountId };
    }

    [Fact]
    public async Task Call_WithPath_SignsARestRoute_OfTheSample()
    {
        var env = await CallerAsync();

        var result = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/widgets", "--method", "GET", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(env["CALLER_ACCOUNT"], body.GetProperty("Caller").GetProperty("AccountId").GetString());
        Assert.Equal("sprocket", body.GetProperty("Widgets")[0].GetString());
        Assert.EndsWith("\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WithPathAndQueryParameters_SignsTheQueryToo()
    {
        var env = await CallerAsync();

        var result = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/widgets", "--method", "GET", "--PageSize", "5", "--Name", "a b/c+d", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Call_WithPath_WrongSecret_IsRefused_OnOneLine()
    {
        var env = await CallerAsync();
        env["LATCHKEY_ACCESS_KEY_SECRET"] = "not-the-secret";

        var result = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/widgets", "--method", "GET", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ERROR: SignatureDoesNotMatch: ", result.StdErr, StringComparison.Ordinal);
        // The V3 StringToSign in the message spans two lines on the wire; the CLI prints one.
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains("ACS3-HMAC-SHA256\\n", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WithPath_ThatTheSampleLacks_IsRefusedByTheSample()
    {
        var env = await CallerAsync();

        var result = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/gadgets", "--method", "GET", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP404", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WithPath_SignatureV1_ReachesTheRoute()
    {
        var env = await CallerAsync();

        var result = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/widgets", "--signature", "v1", "--method", "GET", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("doohickey", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Latchkey__Endpoint")]
    [InlineData("not a url", "Latchkey__Endpoint")]
    [InlineData("/relative", "Latchkey__Endpoint")]
    public async Task Sample_WithoutAnEndpoint_RefusesToStart_NamingTheSetting(string? endpoint, string named)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--Latchkey:AccessKeyId=LKx", "--Latchkey:AccessKeySecret=s" };
        if (endpoint is not null)
        {
            args.Add($"--Latchkey:Endpoint={endpoint}");
        }

        await using var app = SampleApi.Build([.. args], builder => builder.Logging.ClearProviders());

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Latchkey:Endpoint", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_WithoutItsKey_RefusesToStart_NamingTheSettings()
    {
        await using var app = SampleApi.Build(["--urls=http://127.0.0.1:0", $"--Latchkey:Endpoint={fixture.Latchkey.Url}"], builder => builder.Logging.ClearProviders());

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Latchkey__AccessKeyId", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Latchkey__AccessKeySecret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AfterVerifyRequest_ShowsTheServiceAndActionOfEachKey()
    {
        var data = Path.Combine(fixture.Root, "own-" + Guid.NewGuid().ToString("N")[..8]);
        var latchkey = await RunningServer.StartAsync(data);
        string resourceKey;
        string callerKey;
        try
        {
            var resource = await NewAccountKeyAsync(latchkey);
            var caller = await NewAccountKeyAsync(latchkey);
            (resourceKey, callerKey) = (resource.AccessKeyId, caller.AccessKeyId);
            await using var sample = SampleApi.Build([
                "--urls=http://127.0.0.1:0",
                $"--Latchkey:Endpoint={latchkey.Url}",
                $"--Latchkey:AccessKeyId={resource.AccessKeyId}",
                $"--Latchkey:AccessKeySecret={resource.Secret}",
                "--Latchkey:AllowedHosts:0=127.0.0.1",
            ], builder => builder.Logging.ClearProviders());
            await sample.StartAsync();
            var url = sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var env = new Dictionary<string, string> { ["LATCHKEY_ACCESS_KEY_ID"] = caller.AccessKeyId, ["LATCHKEY_ACCESS_KEY_SECRET"] = caller.Secret };

            var call = await CliRunner.RunAsync(["call", "ListWidgets", "--version", "2024-01-01", "--path", "/widgets", "--method", "GET", "--endpoint", url], environment: env);

            Assert.True(call.ExitCode == 0, call.ToString());
            await sample.StopAsync();
        }
        finally
        {
            // Stopping flushes the batched last-use data.
            await latchkey.DisposeAsync();
        }

        var export = await CliRunner.RunAsync(["export", "--data", data, "--format", "json"]);
        var csv = await CliRunner.RunAsync(["export", "--data", data]);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.EndsWith("}\n", export.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("\n", csv.StdOut, StringComparison.Ordinal);
        var rows = JsonDocument.Parse(export.StdOut).RootElement.GetProperty("AccessKeys").EnumerateArray().ToList();
        var resourceRow = rows.Single(r => r.GetProperty("AccessKeyId").GetString() == resourceKey);
        var callerRow = rows.Single(r => r.GetProperty("AccessKeyId").GetString() == callerKey);
        Assert.Equal("VerifyRequest", resourceRow.GetProperty("LastUsedAction").GetString());
        Assert.Equal("Latchkey", resourceRow.GetProperty("LastUsedService").GetString());
        Assert.Equal("ListWidgets", callerRow.GetProperty("LastUsedAction").GetString());
    }

    private static async Task<(string AccessKeyId, string Secret)> NewAccountKeyAsync(RunningServer server)
    {
        var account = await server.Services.GetRequiredService<AccountService>().CreateAsync("acct-" + Guid.NewGuid().ToString("N")[..12], "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await server.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        Assert.True(key.IsSuccess);
        return (key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }
}
