using Latchkey.Core.Audit;
using Latchkey.Core.Results;

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

    /// <summary>
    /// Writes the security preference document <paramref name="name"/> and, when
    /// <paramref name="allowUsersToManageOwnAccessKeys"/> is set, the account's flag of that name, in
    /// one transaction with <paramref name="audit"/>; <c>EntityNotExist.Account</c> (and nothing
    /// written) when the account is gone.
    /// </summary>
    Task<Result> SetSecurityPreferenceAsync(string accountId, string name, string value, bool? allowUsersToManageOwnAccessKeys, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Adds a password hash, keeping only the newest <paramref name="keep"/> of the principal.</summary>
    Task AddPasswordHistoryAsync(string principalId, PasswordHistoryEntry entry, int keep, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> entries, newest first.</summary>
    Task<IReadOnlyList<PasswordHistoryEntry>> ListPasswordHistoryAsync(string principalId, int count, CancellationToken cancellationToken);
}
