using Latchkey.Core;
using Latchkey.Storage.Contract;

namespace Latchkey.Core.Tests.Support;

/// <summary>
/// The store contract on the in-memory store Core's tests run on, so what those tests prove holds
/// for the real providers too. Its one instance is the whole "database": both nodes share it.
/// </summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    private readonly InMemoryLatchkeyStore _store = new();

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync() => Task.CompletedTask;

    protected override Task<ILatchkeyStore> OpenStoreAsync() => Task.FromResult<ILatchkeyStore>(_store);
}
