namespace Latchkey.Storage;

/// <summary>The column lists the shared stores select, in the order the <see cref="Rows"/> mappers read them (same tables on both databases).</summary>
public static class SqlColumns
{
    public const string AccessKey =
        "access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext, last_used_date, last_used_service, last_used_action, last_used_ip, secret_format";

    /// <summary>A key's columns without its secret, for lists (<see cref="Rows.ListedAccessKey"/>).</summary>
    public const string ListedAccessKey =
        "access_key_id, account_id, user_id, status, create_date, update_date, last_used_date, last_used_service, last_used_action, last_used_ip";

    /// <summary><see cref="AccessKey"/> and the recycle-bin columns (schema 0080), for reads that also see keys in the bin.</summary>
    public const string RecycledAccessKey = AccessKey + ", recycle_date, purge_date";

    public const string Account =
        "account_id, account_name, alias, password_hash, allow_users_to_manage_own_access_keys, create_date, update_date";

    public const string User =
        "user_id, account_id, user_name, display_name, comments, email, mobile_phone, create_date, update_date, last_login_date";

    public const string LoginProfile =
        "user_id, password_hash, password_reset_required, mfa_bind_required, create_date, update_date";
}
