using System.Text.Json;
using Latchkey.Core.Logons;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Accounts;

/// <summary>
/// RAM and IMS SetSecurityPreference: every parameter optional, a field not sent keeps its value;
/// answers the whole preference. IMS's VerificationTypes is one JSON-array parameter
/// (<c>VerificationTypes=["sms","email"]</c>, the SDK's "json" style).
/// </summary>
internal static class SetSecurityPreference
{
    public static Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var update = Read(context, ims);
        if (!update.IsSuccess)
        {
            return update.Error;
        }

        var preference = await context.Get<SecurityPreferenceService>().SetAsync(context.Audit, update.Value, cancellationToken);
        return ApiResponse.From(preference, value => SecurityPreferenceView.For(ims, value));
    }

    private static Result<SecurityPreferenceUpdate> Read(ActionContext context, bool ims)
    {
        ApiError? error = null;
        int? Int(string name)
        {
            var value = context.OptionalInt32(name);
            error ??= value.Error;
            return value.IsSuccess ? value.Value : null;
        }

        bool? Bool(string name)
        {
            var value = context.OptionalBoolean(name);
            error ??= value.Error;
            return value.IsSuccess ? value.Value : null;
        }

        IReadOnlyList<string>? types = null;
        if (ims && context.Optional("VerificationTypes") is { } text)
        {
            try
            {
                types = JsonSerializer.Deserialize<string[]>(text);
            }
            catch (JsonException)
            {
                error ??= Errors.SecurityPreference.VerificationTypes;
            }
        }

        // LoginNetworkMasks may be sent empty to clear it, so it is read raw, not through Optional.
        var update = new SecurityPreferenceUpdate
        {
            AllowUserToChangePassword = Bool("AllowUserToChangePassword"),
            AllowUserToManageAccessKeys = Bool("AllowUserToManageAccessKeys"),
            AllowUserToManageMFADevices = Bool("AllowUserToManageMFADevices"),
            AllowUserToManagePublicKeys = ims ? null : Bool("AllowUserToManagePublicKeys"),
            AllowUserToLoginWithPasskey = ims ? Bool("AllowUserToLoginWithPasskey") : null,
            AllowUserToManagePersonalDingTalk = ims ? Bool("AllowUserToManagePersonalDingTalk") : null,
            AllowUserToManageServiceCredentials = ims ? Bool("AllowUserToManageServiceCredentials") : null,
            EnableSaveMFATicket = Bool("EnableSaveMFATicket"),
            LoginSessionDuration = Int("LoginSessionDuration"),
            LoginNetworkMasks = context.Raw("LoginNetworkMasks"),
            MFAOperationForLogin = ims ? context.Optional("MFAOperationForLogin") : null,
            EnforceMFAForLogin = ims ? Bool("EnforceMFAForLogin") : null,
            OperationForRiskLogin = ims ? context.Optional("OperationForRiskLogin") : null,
            VerificationTypes = types,
            MaxIdleDaysForAccessKeys = ims ? Int("MaxIdleDaysForAccessKeys") : null,
            MaxIdleDaysForUsers = ims ? Int("MaxIdleDaysForUsers") : null,
        };
        return error is null ? update : error;
    }
}
