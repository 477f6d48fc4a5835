using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;

namespace Latchkey.Storage.Sqlite;

/// <summary>Idle AccessKey warnings: the behaviour is <see cref="SqlIdleAccessKeyStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlIdleAccessKeyStore? _idleKeysStore;

    private SqlIdleAccessKeyStore IdleKeys => _idleKeysStore ??= new SqlIdleAccessKeyStore(Dialect);

    public Task<IReadOnlyList<AccessKey>> ListAccountAccessKeysAsync(string accountId, CancellationToken cancellationToken) =>
        IdleKeys.ListAccountAccessKeysAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<IdleAccessKeyWarning>> ListIdleAccessKeyWarningsAsync(string? accountId, CancellationToken cancellationToken) =>
        IdleKeys.ListIdleAccessKeyWarningsAsync(accountId, cancellationToken);

    public Task<bool> RecordIdleAccessKeyWarningAsync(IdleAccessKeyWarning warning, AuditEvent audit, CancellationToken cancellationToken) =>
        IdleKeys.RecordIdleAccessKeyWarningAsync(warning, audit, cancellationToken);
}
