using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Users;

namespace Latchkey.Storage;

/// <summary>
/// The parameter values of each record, named with the adapter's placeholder prefix
/// (<c>$</c> for SQLite, <c>@</c> for PostgreSQL) so that each adapter's hand-written SQL can
/// refer to them. Timestamps are ticks; booleans stay bool (SQLite binds them as 0/1).
/// </summary>
public static class StoreParameters
{
    /// <summary>id, name, alias, password_hash, allow, created, updated.</summary>
    public static (string Name, object? Value)[] Account(char prefix, Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return
        [
            (Name(prefix, "id"), account.AccountId),
            (Name(prefix, "name"), account.AccountName),
            (Name(prefix, "alias"), account.Alias),
            (Name(prefix, "password_hash"), account.PasswordHash),
            (Name(prefix, "allow"), account.AllowUsersToManageOwnAccessKeys),
            (Name(prefix, "created"), Ticks.From(account.CreateDate)),
            (Name(prefix, "updated"), Ticks.From(account.UpdateDate)),
        ];
    }

    /// <summary>user_id, account_id, user_name, display_name, comments, email, mobile_phone, created, updated, last_login.</summary>
    public static (string Name, object? Value)[] User(char prefix, RamUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return
        [
            (Name(prefix, "user_id"), user.UserId),
            (Name(prefix, "account_id"), user.AccountId),
            (Name(prefix, "user_name"), user.UserName),
            (Name(prefix, "display_name"), user.DisplayName),
            (Name(prefix, "comments"), user.Comments),
            (Name(prefix, "email"), user.Email),
            (Name(prefix, "mobile_phone"), user.MobilePhone),
            (Name(prefix, "created"), Ticks.From(user.CreateDate)),
            (Name(prefix, "updated"), Ticks.From(user.UpdateDate)),
            (Name(prefix, "last_login"), Ticks.FromNullable(user.LastLoginDate)),
        ];
    }

    /// <summary>u, hash, reset, mfa, created, updated.</summary>
    public static (string Name, object? Value)[] LoginProfile(char prefix, LoginProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return
        [
            (Name(prefix, "u"), profile.UserId),
            (Name(prefix, "hash"), profile.PasswordHash),
            (Name(prefix, "reset"), profile.PasswordResetRequired),
            (Name(prefix, "mfa"), profile.MfaBindRequired),
            (Name(prefix, "created"), Ticks.From(profile.CreateDate)),
            (Name(prefix, "updated"), Ticks.From(profile.UpdateDate)),
        ];
    }

    /// <summary>u, a, name, type, date.</summary>
    public static (string Name, object? Value)[] PolicyAttachment(char prefix, PolicyAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return
        [
            (Name(prefix, "u"), attachment.UserId),
            (Name(prefix, "a"), attachment.AccountId),
            (Name(prefix, "name"), attachment.PolicyName),
            (Name(prefix, "type"), attachment.PolicyType),
            (Name(prefix, "date"), Ticks.From(attachment.AttachDate)),
        ];
    }

    /// <summary>id, account_id, user_id, status, created, updated, version, secret, used, service, action, ip, limit.</summary>
    public static (string Name, object? Value)[] AccessKey(char prefix, StoredAccessKey key, int limit)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Key;
        return
        [
            (Name(prefix, "id"), k.AccessKeyId),
            (Name(prefix, "account_id"), k.AccountId),
            (Name(prefix, "user_id"), k.UserId),
            (Name(prefix, "status"), k.Status.ToString()),
            (Name(prefix, "created"), Ticks.From(k.CreateDate)),
            (Name(prefix, "updated"), Ticks.From(k.UpdateDate)),
            (Name(prefix, "version"), key.Secret.KeyVersion),
            (Name(prefix, "secret"), key.Secret.Ciphertext),
            (Name(prefix, "format"), key.Secret.Format),
            (Name(prefix, "used"), Ticks.FromNullable(k.LastUse?.Time)),
            (Name(prefix, "service"), k.LastUse?.ServiceName),
            (Name(prefix, "action"), k.LastUse?.Action),
            (Name(prefix, "ip"), k.LastUse?.SourceIp),
            (Name(prefix, "limit"), limit),
        ];
    }

    /// <summary>event_id, account_id, time, actor, actor_key, name, type, resource, ip, request, details.</summary>
    public static (string Name, object? Value)[] AuditEvent(char prefix, AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return
        [
            (Name(prefix, "event_id"), audit.EventId),
            (Name(prefix, "account_id"), audit.AccountId),
            (Name(prefix, "time"), Ticks.From(audit.Time)),
            (Name(prefix, "actor"), audit.ActorPrincipalId),
            (Name(prefix, "actor_key"), audit.ActorAccessKeyId),
            (Name(prefix, "name"), audit.EventName),
            (Name(prefix, "type"), audit.ResourceType),
            (Name(prefix, "resource"), audit.ResourceName),
            (Name(prefix, "ip"), audit.SourceIp),
            (Name(prefix, "request"), audit.RequestId),
            (Name(prefix, "details"), audit.Details),
        ];
    }

    private static string Name(char prefix, string name) => string.Concat(new ReadOnlySpan<char>(in prefix), name);
}
