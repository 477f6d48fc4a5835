using System.Data.Common;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;

namespace Latchkey.Storage;

/// <summary>
/// Row → domain record mappers. Each expects the columns in the order of the matching
/// <c>*Columns</c> list that both adapters select (same tables, same column order on both
/// databases); booleans read through GetBoolean (INTEGER 0/1 on SQLite, boolean on PostgreSQL).
/// </summary>
public static class Rows
{
    /// <summary>failures, window_end, locked_until.</summary>
    public static LogonThrottle LogonThrottle(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LogonThrottle(
            Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Ticks.To(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : Ticks.To(reader.GetInt64(2)));
    }

    /// <summary>account_id, account_name, alias, password_hash, allow_users_to_manage_own_access_keys, create_date, update_date.</summary>
    public static Account Account(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Account(
            reader.GetString(0),
            reader.GetString(1),
            NullableString(reader, 2),
            NullableString(reader, 3),
            reader.GetBoolean(4),
            Ticks.To(reader.GetInt64(5)),
            Ticks.To(reader.GetInt64(6)));
    }

    /// <summary>user_id, account_id, user_name, display_name, comments, email, mobile_phone, create_date, update_date, last_login_date.</summary>
    public static RamUser User(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RamUser(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            Ticks.To(reader.GetInt64(7)),
            Ticks.To(reader.GetInt64(8)),
            NullableTicks(reader, 9));
    }

    /// <summary>user_id, password_hash, password_reset_required, mfa_bind_required, create_date, update_date.</summary>
    public static LoginProfile LoginProfile(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LoginProfile(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            reader.GetBoolean(3),
            Ticks.To(reader.GetInt64(4)),
            Ticks.To(reader.GetInt64(5)));
    }

    /// <summary>account_id, user_id, policy_name, policy_type, attach_date.</summary>
    public static PolicyAttachment PolicyAttachment(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PolicyAttachment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Ticks.To(reader.GetInt64(4)));
    }

    /// <summary>
    /// access_key_id, account_id, user_id, status, create_date, update_date, key_version,
    /// secret_ciphertext, last_used_date, last_used_service, last_used_action, last_used_ip
    /// (<see cref="SqlColumns.AccessKey"/>).
    /// </summary>
    public static StoredAccessKey StoredAccessKey(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return StoredAccessKey(new DbRow(reader));
    }

    /// <inheritdoc cref="StoredAccessKey(DbDataReader)"/>
    public static StoredAccessKey StoredAccessKey<TRow>(TRow row)
        where TRow : IRow
    {
        var key = AccessKey(row, lastUseAt: 8);
        // secret_format (column 12) since schema 0011; recycle_date, purge_date (13, 14) since 0080.
        var format = row.FieldCount > 12 ? row.GetInt32(12) : ProtectedSecret.LegacyFormat;
        if (row.FieldCount > 14 && !row.IsDBNull(13))
        {
            key = key with { RecycleDate = Ticks.To(row.GetInt64(13)), PurgeDate = Ticks.To(row.GetInt64(14)) };
        }

        return new StoredAccessKey(key, new ProtectedSecret(row.GetInt32(6), row.GetBytes(7), format));
    }

    /// <summary>
    /// A key without its secret (<see cref="SqlColumns.ListedAccessKey"/>: access_key_id,
    /// account_id, user_id, status, create_date, update_date, then the four last-use columns):
    /// for lists, which never show a secret and need not read or copy its ciphertext.
    /// </summary>
    public static AccessKey ListedAccessKey<TRow>(TRow row)
        where TRow : IRow => AccessKey(row, lastUseAt: 6);

    /// <summary>The key's own columns 0-5 and the four last-use columns from <paramref name="lastUseAt"/>.</summary>
    private static AccessKey AccessKey<TRow>(TRow row, int lastUseAt)
        where TRow : IRow
    {
        var lastUse = row.IsDBNull(lastUseAt)
            ? null
            : new AccessKeyLastUse(Ticks.To(row.GetInt64(lastUseAt)), row.GetString(lastUseAt + 1), row.GetString(lastUseAt + 2), row.GetString(lastUseAt + 3));
        return new AccessKey(
            row.GetString(0),
            row.GetString(1),
            row.IsDBNull(2) ? null : row.GetString(2),
            Enum.Parse<AccessKeyStatus>(row.GetString(3)),
            Ticks.To(row.GetInt64(4)),
            Ticks.To(row.GetInt64(5)),
            lastUse);
    }

    /// <summary>
    /// seq, event_id, account_id, time, actor_principal_id, actor_access_key_id, event_name,
    /// resource_type, resource_name, source_ip, request_id, details.
    /// </summary>
    public static (long Seq, AuditEvent Event) AuditEvent(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return (reader.GetInt64(0), new AuditEvent(
            reader.GetString(1),
            reader.GetString(2),
            Ticks.To(reader.GetInt64(3)),
            reader.GetString(4),
            NullableString(reader, 5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetString(8),
            reader.GetString(9),
            reader.GetString(10),
            reader.GetString(11)));
    }

    private static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTicks(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Ticks.To(reader.GetInt64(ordinal));
}
