using System.Data.Common;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Secrets;

namespace Latchkey.Storage;

/// <summary>Row mappings of the logon security tables (migration 0020), shared by both adapters.</summary>
public static class LogonRows
{
    public const string MfaDeviceColumns =
        "account_id, serial_number, device_name, key_version, seed_ciphertext, principal_id, activate_date, last_step, create_date";

    /// <summary><see cref="MfaDeviceColumns"/> in order.</summary>
    public static MfaDevice MfaDevice(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new MfaDevice(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            // MFA seeds came after the owner-bound format (schema 0011): every stored seed is owner-bound.
            new ProtectedSecret(Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), reader.GetFieldValue<byte[]>(4), ProtectedSecret.OwnerBoundFormat),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : Ticks.To(reader.GetInt64(6)),
            reader.GetInt64(7),
            Ticks.To(reader.GetInt64(8)));
    }

    /// <summary>password_hash, set_date, initial.</summary>
    public static PasswordHistoryEntry PasswordHistory(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PasswordHistoryEntry(reader.GetString(0), Ticks.To(reader.GetInt64(1)), Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The parameters of <see cref="MfaDeviceColumns"/>, named with <paramref name="prefix"/>.</summary>
    public static (string Name, object? Value)[] MfaDeviceParameters(char prefix, MfaDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return
        [
            ($"{prefix}account_id", device.AccountId),
            ($"{prefix}serial", device.SerialNumber),
            ($"{prefix}name", device.DeviceName),
            ($"{prefix}key_version", device.Seed.KeyVersion),
            ($"{prefix}seed", device.Seed.Ciphertext),
            ($"{prefix}principal_id", device.PrincipalId),
            ($"{prefix}activate_date", Ticks.FromNullable(device.ActivateDate)),
            ($"{prefix}last_step", device.LastStep),
            ($"{prefix}create_date", Ticks.From(device.CreateDate)),
        ];
    }
}
