using Latchkey.Core.Audit;

namespace Latchkey.Core.Logons;

/// <summary>
/// Account-wide logon settings (the password policy, the security preference) as JSON documents
/// by name, and the password history of RAM users (salted hashes only) for reuse prevention and
/// password age.
/// </summary>
public interface ILogonSettingsStore
{
    Task<string?> FindAccountSettingAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>Writes (inserts or replaces) the setting with its audit event.</summary>
    Task SetAccountSettingAsync(string accountId, string name, string value, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Adds a password hash, keeping only the newest <paramref name="keep"/> of the principal.</summary>
    Task AddPasswordHistoryAsync(string principalId, PasswordHistoryEntry entry, int keep, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> entries, newest first.</summary>
    Task<IReadOnlyList<PasswordHistoryEntry>> ListPasswordHistoryAsync(string principalId, int count, CancellationToken cancellationToken);
}
