using System.Net;
using System.Text.Json;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Results;

namespace Latchkey.Core.Logons;

/// <summary>The account's security preference: read, validated and written for RAM and IMS alike, and the network check of console logons.</summary>
public sealed class SecurityPreferenceService
{
    internal const string SettingName = "SecurityPreference";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static readonly int[] IdleDays = [90, 180, 365, 730];

    private readonly ILogonSettingsStore _store;
    private readonly IAccountStore _accountStore;
    private readonly PermissionChanges _permissions;
    private readonly TimeProvider _time;

    public SecurityPreferenceService(ILogonSettingsStore store, IAccountStore accountStore, PermissionChanges permissions, TimeProvider time)
    {
        _store = store;
        _accountStore = accountStore;
        _permissions = permissions;
        _time = time;
    }

    public async Task<Result<SecurityPreference>> GetAsync(string accountId, CancellationToken ct)
    {
        var account = await _accountStore.FindAccountAsync(accountId, ct);
        if (account is null)
        {
            return Errors.Account.NotFound;
        }

        var text = await _store.FindAccountSettingAsync(accountId, SettingName, ct);
        var stored = text is null ? SecurityPreference.Default : JsonSerializer.Deserialize<SecurityPreference>(text, Json) ?? SecurityPreference.Default;
        return stored with { AllowUserToManageAccessKeys = account.AllowUsersToManageOwnAccessKeys };
    }

    /// <summary>Changes the fields sent, after checking every one; the others keep their value.</summary>
    public async Task<Result<SecurityPreference>> SetAsync(AuditContext ctx, SecurityPreferenceUpdate update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(update);
        if (Validate(update) is { } invalid)
        {
            return invalid;
        }

        var found = await GetAsync(ctx.Actor.AccountId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var current = found.Value;
        var mfaOperation = update.MFAOperationForLogin
            ?? (update.EnforceMFAForLogin is { } enforce ? (enforce ? SecurityPreference.Mandatory : SecurityPreference.Independent) : current.MFAOperationForLogin);
        var preference = current with
        {
            AllowUserToChangePassword = update.AllowUserToChangePassword ?? current.AllowUserToChangePassword,
            AllowUserToManageAccessKeys = update.AllowUserToManageAccessKeys ?? current.AllowUserToManageAccessKeys,
            AllowUserToManageMFADevices = update.AllowUserToManageMFADevices ?? current.AllowUserToManageMFADevices,
            AllowUserToManagePublicKeys = update.AllowUserToManagePublicKeys ?? current.AllowUserToManagePublicKeys,
            AllowUserToLoginWithPasskey = update.AllowUserToLoginWithPasskey ?? current.AllowUserToLoginWithPasskey,
            AllowUserToManagePersonalDingTalk = update.AllowUserToManagePersonalDingTalk ?? current.AllowUserToManagePersonalDingTalk,
            AllowUserToManageServiceCredentials = update.AllowUserToManageServiceCredentials ?? current.AllowUserToManageServiceCredentials,
            EnableSaveMFATicket = update.EnableSaveMFATicket ?? current.EnableSaveMFATicket,
            LoginSessionDuration = update.LoginSessionDuration ?? current.LoginSessionDuration,
            LoginNetworkMasks = update.LoginNetworkMasks is { } masks ? Normalize(masks) : current.LoginNetworkMasks,
            MFAOperationForLogin = mfaOperation,
            OperationForRiskLogin = update.OperationForRiskLogin ?? current.OperationForRiskLogin,
            VerificationTypes = update.VerificationTypes ?? current.VerificationTypes,
            MaxIdleDaysForAccessKeys = update.MaxIdleDaysForAccessKeys ?? current.MaxIdleDaysForAccessKeys,
            MaxIdleDaysForUsers = update.MaxIdleDaysForUsers ?? current.MaxIdleDaysForUsers,
        };

        // AllowUserToManageAccessKeys is the account's flag (part of every RAM user's compiled
        // permissions); the rest is one settings document. Both are written in one transaction.
        var flagChanged = preference.AllowUserToManageAccessKeys != current.AllowUserToManageAccessKeys;
        var audit = AuditEvents.Create(
            ctx,
            _time,
            "SetSecurityPreference",
            "Account",
            ctx.Actor.AccountId,
            flagChanged ? $"AllowUserToManageAccessKeys={preference.AllowUserToManageAccessKeys}" : "") with { ChangesPermissions = flagChanged };
        var written = await _store.SetSecurityPreferenceAsync(
            ctx.Actor.AccountId,
            SettingName,
            JsonSerializer.Serialize(preference with { AllowUserToManageAccessKeys = false }, Json),
            flagChanged ? preference.AllowUserToManageAccessKeys : null,
            _time.GetUtcNow(),
            audit,
            ct);
        if (!written.IsSuccess)
        {
            return written.Error;
        }

        if (flagChanged)
        {
            await _permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return preference;
    }

    /// <summary>Whether a console logon from <paramref name="sourceIp"/> is allowed by <paramref name="preference"/>'s LoginNetworkMasks.</summary>
    public static bool AllowsLogonFrom(SecurityPreference preference, string? sourceIp)
    {
        ArgumentNullException.ThrowIfNull(preference);
        var masks = ParseMasks(preference.LoginNetworkMasks);
        if (masks.Count == 0)
        {
            return true;
        }

        if (!IPAddress.TryParse(sourceIp, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return masks.Any(mask => mask.Contains(address));
    }

    private static List<IPNetwork> ParseMasks(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseMask).OfType<IPNetwork>()];

    /// <summary>A CIDR network, or a bare address as its /32 (/128).</summary>
    private static IPNetwork? ParseMask(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) : null;
    }

    private static string Normalize(string masks) =>
        string.Join(";", masks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static ApiError? Validate(SecurityPreferenceUpdate update)
    {
        if (update.LoginSessionDuration is < 1 or > 24)
        {
            return Errors.SecurityPreference.LoginSessionDuration;
        }

        if (update.LoginNetworkMasks is { } masks)
        {
            var parts = masks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (masks.Length > 512 || parts.Length > 40 || parts.Any(p => ParseMask(p) is null))
            {
                return Errors.SecurityPreference.LoginNetworkMasks;
            }
        }

        if (update.MFAOperationForLogin is { } operation && operation is not (SecurityPreference.Mandatory or SecurityPreference.Independent or SecurityPreference.Adaptive))
        {
            return Errors.SecurityPreference.MfaOperationForLogin;
        }

        if (update.OperationForRiskLogin is { } risk && risk is not ("autonomous" or "enforceVerify"))
        {
            return Errors.SecurityPreference.OperationForRiskLogin;
        }

        if (update.VerificationTypes is { } types && types.Any(t => t is not ("sms" or "email")))
        {
            return Errors.SecurityPreference.VerificationTypes;
        }

        if (update.MaxIdleDaysForAccessKeys is { } keyDays && !IdleDays.Contains(keyDays))
        {
            return Errors.SecurityPreference.MaxIdleDaysForAccessKeys;
        }

        return update.MaxIdleDaysForUsers is { } userDays && !IdleDays.Contains(userDays)
            ? Errors.SecurityPreference.MaxIdleDaysForUsers
            : null;
    }
}
