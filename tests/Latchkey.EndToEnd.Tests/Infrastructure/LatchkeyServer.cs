using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Kestrel on 127.0.0.1 with a free port, started in-process from the server's own builder
/// on a fresh SQLite data folder; the SDKs reach it over real HTTP.
/// </summary>
public sealed class LatchkeyServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("latchkey-e2e-").FullName;

    /// <summary>host:port, as the openapi-core clients take it.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        // Scheduled jobs looked for every second, so a server-side rotation with a short grace ends within the test (KeyRotationTests).
        var builder = Server.LatchkeyHost.CreateBuilder(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={DataDirectory}", "--AccessKeyLifecycle:CheckInterval=00:00:01"]);
        builder.Logging.ClearProviders();
        _app = Server.LatchkeyHost.Build(builder);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Endpoint = new Uri(address).Authority;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }

    /// <summary>A new account with one AccessKey of its own; every test makes its own.</summary>
    public async Task<TestKey> CreateAccountAsync()
    {
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "e2e", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "e2e");
        var key = await Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        Assert.True(key.IsSuccess, key.Error?.Code);
        return new TestKey(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }
}
