using System.Collections.Concurrent;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Latchkey.Server.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>The real server on a fresh SQLite data folder, with every log line captured.</summary>
public sealed class LatchkeyFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("latchkey-server-tests-").FullName;

    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>
    /// The parameters every action handler was given, by RequestId: the fuzz oracle compares them
    /// with what the client signed (DESIGN invariant 6). A test takes its entries out as it reads them.
    /// </summary>
    public ConcurrentDictionary<string, KeyValuePair<string, string>[]> HandlerCalls { get; } = new(StringComparer.Ordinal);

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<ActionTable>();
            services.AddSingleton(ActionTable.Default.Wrap(handler => (context, ct) =>
            {
                HandlerCalls[context.RequestId] = [.. context.Parameters.All];
                return handler(context, ct);
            }));
        });
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingLoggerProvider(LogLines));
        });
    }

    /// <summary>A new account with one account AccessKey; every test makes its own.</summary>
    public async Task<TestAccount> CreateAccountAsync()
    {
        var name = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess, account.Error?.Code);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        Assert.True(key.IsSuccess, key.Error?.Code);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown stays in the temp folder; nothing depends on it.
            }
        }
    }
}
