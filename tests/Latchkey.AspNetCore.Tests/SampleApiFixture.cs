using Latchkey.Cli.Tests.Infrastructure;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Sample.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests;

/// <summary>A real Latchkey server and the sample API (real Kestrel, 127.0.0.1) in front of it, verifying with its own account key.</summary>
public sealed class SampleApiFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("latchkey-aspnetcore-tests-").FullName;
    private WebApplication _sample = null!;

    public RunningServer Latchkey { get; private set; } = null!;

    /// <summary>Every log line of both hosts, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    public string ResourceServerSecret { get; private set; } = null!;

    public string SampleUrl { get; private set; } = null!;

    public string Root => _root;

    public async Task InitializeAsync()
    {
        Latchkey = await RunningServer.StartAsync(Path.Combine(_root, "data"), Logs);
        var resourceServer = await NewAccountKeyAsync();
        _sample = SampleApi.Build([
            "--urls=http://127.0.0.1:0",
            $"--Latchkey:Endpoint={Latchkey.Url}",
            $"--Latchkey:AccessKeyId={resourceServer.AccessKeyId}",
            $"--Latchkey:AccessKeySecret={resourceServer.Secret}",
            "--Latchkey:AllowedHosts:0=127.0.0.1",
            "--Latchkey:AllowSignatureV1=true",
        ], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(Logs);
        });
        ResourceServerSecret = resourceServer.Secret;
        await _sample.StartAsync();
        SampleUrl = _sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>A new account with one account AccessKey; each test makes its own.</summary>
    public async Task<(string AccountId, string AccessKeyId, string Secret)> NewAccountKeyAsync()
    {
        var services = Latchkey.Services;
        var account = await services.GetRequiredService<AccountService>().CreateAsync("acct-" + Guid.NewGuid().ToString("N")[..12], "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        Assert.True(key.IsSuccess);
        return (account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    public async Task DisposeAsync()
    {
        await _sample.StopAsync();
        await _sample.DisposeAsync();
        await Latchkey.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown stays in the temp folder; nothing depends on it.
        }
    }
}
