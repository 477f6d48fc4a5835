using Latchkey.Core.Audit;

namespace Latchkey.Core.AccessKeys;

/// <summary>What the idle-key job reads and writes beyond <see cref="IAccessKeyStore"/>: an account's keys and the warnings given.</summary>
public interface IIdleAccessKeyStore
{
    /// <summary>The live keys (not in the recycle bin) of every owner in one account, oldest first.</summary>
    Task<IReadOnlyList<AccessKey>> ListAccountAccessKeysAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The warnings recorded for keys of <paramref name="accountId"/> (null = every account).</summary>
    Task<IReadOnlyList<IdleAccessKeyWarning>> ListIdleAccessKeyWarningsAsync(string? accountId, CancellationToken cancellationToken);

    /// <summary>Records (or replaces) the warning of one key, with its audit event, in one transaction; false when the key is gone.</summary>
    Task<bool> RecordIdleAccessKeyWarningAsync(IdleAccessKeyWarning warning, AuditEvent audit, CancellationToken cancellationToken);
}
