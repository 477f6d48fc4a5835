using System.Net;
using System.Reflection;
using Latchkey.Core;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api;

public sealed class InternalErrorTests
{
    [Fact]
    public async Task StoreFailure_ReturnsInternalError_WithoutDetail_AndLogsIt()
    {
        using var factory = new LatchkeyFactory();
        using var failing = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<ILatchkeyStore>(_ => FailingStore.Wrap(SqliteLatchkeyStore.OpenDataFolder(factory.DataDirectory)))));
        var api = new ApiClient(failing.CreateClient());
        var account = await CreateAccountAsync(failing);

        var answer = await api.CallAsync(account, "ListUsers", ApiClient.Ram);

        answer.AssertError(HttpStatusCode.InternalServerError, "InternalError");
        Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("disk on fire", answer.Text, StringComparison.Ordinal);
        Assert.Contains(factory.LogLines, line => line.Contains("disk on fire", StringComparison.Ordinal) && line.Contains(answer.RequestIdHeader!, StringComparison.Ordinal));
    }

    private static async Task<TestAccount> CreateAccountAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory)
    {
        var name = "boom-" + Guid.NewGuid().ToString("N")[..12];
        var account = await factory.Services.GetRequiredService<Core.Accounts.AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var actor = new Core.Audit.AuditContext(new Core.Principals.Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await factory.Services.GetRequiredService<Core.AccessKeys.AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    /// <summary>The real store, except that listing users breaks like a failing disk would.</summary>
    public class FailingStore : DispatchProxy
    {
        private ILatchkeyStore? _inner;

        public static ILatchkeyStore Wrap(ILatchkeyStore inner)
        {
            var proxy = Create<ILatchkeyStore, FailingStore>();
            ((FailingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(ILatchkeyStore.ListUsersAsync))
            {
                throw new InvalidOperationException("disk on fire");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw exception.InnerException;
            }
        }
    }
}
