using System.Diagnostics.CodeAnalysis;

namespace Latchkey.Server.Api;

/// <summary>
/// Maps (Version, Action) to its handler. Action names collide between products (RAM and IMS
/// both have CreateAccessKey), so the API version picks the product. Names are case-sensitive.
/// </summary>
internal sealed class ActionTable
{
    private readonly Dictionary<(string Version, string Action), ActionDescriptor> _actions = [];

    public static ActionTable Default { get; } = CreateDefault();

    public IEnumerable<ActionDescriptor> All => _actions.Values;

    public bool TryFind(string? version, string? action, [NotNullWhen(true)] out ActionDescriptor? descriptor)
    {
        descriptor = null;
        return version is not null && action is not null && _actions.TryGetValue((version, action), out descriptor);
    }

    private void Add(string product, string version, string action, ActionHandler handler) =>
        _actions.Add((version, action), new ActionDescriptor(product, version, action, handler));

    private static ActionTable CreateDefault()
    {
        var table = new ActionTable();
        void Ram(string action, ActionHandler handler) => table.Add(Products.Ram, Products.RamVersion, action, handler);
        void Ims(string action, ActionHandler handler) => table.Add(Products.Ims, Products.ImsVersion, action, handler);

        Ram(nameof(Users.CreateUser), Users.CreateUser.HandleAsync);
        Ram(nameof(Users.GetUser), Users.GetUser.HandleAsync);
        Ram(nameof(Users.UpdateUser), Users.UpdateUser.HandleAsync);
        Ram(nameof(Users.DeleteUser), Users.DeleteUser.HandleAsync);
        Ram(nameof(Users.ListUsers), Users.ListUsers.HandleAsync);
        Ram(nameof(AccessKeys.CreateAccessKey), AccessKeys.CreateAccessKey.HandleAsync);
        Ram(nameof(AccessKeys.UpdateAccessKey), AccessKeys.UpdateAccessKey.HandleAsync);
        Ram(nameof(AccessKeys.DeleteAccessKey), AccessKeys.DeleteAccessKey.HandleAsync);
        Ram(nameof(AccessKeys.ListAccessKeys), AccessKeys.ListAccessKeys.HandleAsync);
        Ram(nameof(AccessKeys.GetAccessKeyLastUsed), AccessKeys.GetAccessKeyLastUsed.HandleAsync);
        Ram(nameof(LoginProfiles.CreateLoginProfile), LoginProfiles.CreateLoginProfile.HandleAsync);
        Ram(nameof(LoginProfiles.GetLoginProfile), LoginProfiles.GetLoginProfile.HandleAsync);
        Ram(nameof(LoginProfiles.UpdateLoginProfile), LoginProfiles.UpdateLoginProfile.HandleAsync);
        Ram(nameof(LoginProfiles.DeleteLoginProfile), LoginProfiles.DeleteLoginProfile.HandleAsync);
        Ram(nameof(Accounts.GetAccountAlias), Accounts.GetAccountAlias.HandleAsync);
        Ram(nameof(Accounts.SetAccountAlias), Accounts.SetAccountAlias.HandleAsync);
        Ram(nameof(Accounts.ClearAccountAlias), Accounts.ClearAccountAlias.HandleAsync);
        Ram(nameof(Accounts.GetSecurityPreference), Accounts.GetSecurityPreference.HandleAsync);
        Ram(nameof(Accounts.SetSecurityPreference), Accounts.SetSecurityPreference.HandleAsync);
        Ram(nameof(LoginProfiles.ChangePassword), LoginProfiles.ChangePassword.HandleAsync);
        Ram(nameof(PasswordPolicies.GetPasswordPolicy), PasswordPolicies.GetPasswordPolicy.HandleRamAsync);
        Ram(nameof(PasswordPolicies.SetPasswordPolicy), PasswordPolicies.SetPasswordPolicy.HandleRamAsync);
        Ram(nameof(Mfa.CreateVirtualMFADevice), Mfa.CreateVirtualMFADevice.HandleAsync);
        Ram(nameof(Mfa.BindMFADevice), Mfa.BindMFADevice.HandleRamAsync);
        Ram(nameof(Mfa.UnbindMFADevice), Mfa.UnbindMFADevice.HandleRamAsync);
        Ram(nameof(Mfa.GetUserMFAInfo), Mfa.GetUserMFAInfo.HandleRamAsync);
        Ram(nameof(Mfa.ListVirtualMFADevices), Mfa.ListVirtualMFADevices.HandleRamAsync);
        Ram(nameof(Mfa.DeleteVirtualMFADevice), Mfa.DeleteVirtualMFADevice.HandleAsync);
        Ram(nameof(Policies.AttachPolicyToUser), Policies.AttachPolicyToUser.HandleAsync);
        Ram(nameof(Policies.DetachPolicyFromUser), Policies.DetachPolicyFromUser.HandleAsync);
        Ram(nameof(Policies.ListPoliciesForUser), Policies.ListPoliciesForUser.HandleAsync);

        Ims(nameof(Api.Ims.CreateAccessKey), Api.Ims.CreateAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.UpdateAccessKey), Api.Ims.UpdateAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.DeleteAccessKey), Api.Ims.DeleteAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.ListAccessKeys), Api.Ims.ListAccessKeys.HandleAsync);
        Ims(nameof(Api.Ims.GetAccessKeyLastUsed), Api.Ims.GetAccessKeyLastUsed.HandleAsync);
        Ims(nameof(Api.Ims.GetUser), Api.Ims.GetUser.HandleAsync);
        Ims(nameof(LoginProfiles.ChangePassword), LoginProfiles.ChangePassword.HandleAsync);
        Ims(nameof(PasswordPolicies.GetPasswordPolicy), PasswordPolicies.GetPasswordPolicy.HandleImsAsync);
        Ims(nameof(PasswordPolicies.SetPasswordPolicy), PasswordPolicies.SetPasswordPolicy.HandleImsAsync);
        Ims(nameof(Accounts.GetSecurityPreference), Accounts.GetSecurityPreference.HandleImsAsync);
        Ims(nameof(Accounts.SetSecurityPreference), Accounts.SetSecurityPreference.HandleImsAsync);
        Ims(nameof(Mfa.CreateVirtualMFADevice), Mfa.CreateVirtualMFADevice.HandleAsync);
        Ims(nameof(Mfa.BindMFADevice), Mfa.BindMFADevice.HandleImsAsync);
        Ims(nameof(Mfa.UnbindMFADevice), Mfa.UnbindMFADevice.HandleImsAsync);
        Ims(nameof(Mfa.GetUserMFAInfo), Mfa.GetUserMFAInfo.HandleImsAsync);
        Ims(nameof(Mfa.ListVirtualMFADevices), Mfa.ListVirtualMFADevices.HandleImsAsync);
        Ims(nameof(Mfa.DeleteVirtualMFADevice), Mfa.DeleteVirtualMFADevice.HandleAsync);
        Ims(nameof(Mfa.DisableVirtualMFA), Mfa.DisableVirtualMFA.HandleAsync);
        Ims(nameof(Mfa.GetAccountMFAInfo), Mfa.GetAccountMFAInfo.HandleAsync);

        table.Add(Products.Sts, Products.StsVersion, nameof(Sts.GetCallerIdentity), Sts.GetCallerIdentity.HandleAsync);
        return table;
    }
}
