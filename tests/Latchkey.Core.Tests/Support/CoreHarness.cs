using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Core.Tests.Support;

/// <summary>Core wired by AddLatchkeyCore over the in-memory store, a fake clock and captured logs.</summary>
internal sealed class CoreHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public CoreHarness(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["MasterKey:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILatchkeyStore>(Store);
        services.AddSingleton<ILoggerFactory>(Logs);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        configure?.Invoke(services);
        services.AddLatchkeyCore(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public InMemoryLatchkeyStore Store { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public AccountService Accounts => Get<AccountService>();

    public RamUserService Users => Get<RamUserService>();

    public AccessKeyService Keys => Get<AccessKeyService>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async Task<Account> NewAccountAsync(string password = "Str0ng!Passw0rd")
    {
        var name = "acct-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var created = await Accounts.CreateAsync(name, password, "198.51.100.1", "req-signup", CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        return created.Value;
    }

    public static AuditContext AsAccount(Account account) =>
        new(new Principal(account.AccountId, null, null, null), "203.0.113.7", "req-" + Guid.NewGuid().ToString("N"));

    public static AuditContext AsUser(RamUser user) =>
        new(new Principal(user.AccountId, user.UserId, user.UserName, null), "203.0.113.8", "req-" + Guid.NewGuid().ToString("N"));

    public async Task<RamUser> NewUserAsync(Account account, string userName = "alice")
    {
        var created = await Users.CreateAsync(AsAccount(account), new CreateUserInput(userName, null, null, null, null), CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        return created.Value;
    }

    public async Task<CreatedAccessKey> NewKeyAsync(Account account, string? userName = null)
    {
        var created = await Keys.CreateAsync(AsAccount(account), userName, CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        return created.Value;
    }

    public void Dispose() => _services.Dispose();
}
