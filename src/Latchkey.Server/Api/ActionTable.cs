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

    /// <summary>A copy whose handlers are wrapped, e.g. by a test that watches what every handler is given.</summary>
    public ActionTable Wrap(Func<ActionHandler, ActionHandler> wrap)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        var table = new ActionTable();
        foreach (var descriptor in _actions.Values)
        {
            table._actions.Add((descriptor.Version, descriptor.Action), descriptor with { Handler = wrap(descriptor.Handler) });
        }

        return table;
    }

    private void Add(string product, string version, string action, ActionHandler handler, string? ramAction, ResourceSelector resources, IReadOnlyList<string>? alsoRequires = null) =>
        _actions.Add((version, action), new ActionDescriptor(product, version, action, handler, ramAction, resources, alsoRequires));

    private static ActionTable CreateDefault()
    {
        var table = new ActionTable();

        // RAM and IMS actions authorize as "ram:<Action>" (IMS operations use their RAM twins' names, spec ram-policies.md §4.2).
        void Ram(string action, ActionHandler handler, ResourceSelector resources) =>
            table.Add(Products.Ram, Products.RamVersion, action, handler, "ram:" + action, resources);
        void Ims(string action, ActionHandler handler, ResourceSelector resources) =>
            table.Add(Products.Ims, Products.ImsVersion, action, handler, "ram:" + action, resources);

        Ram(nameof(Users.CreateUser), Users.CreateUser.HandleAsync, ActionResources.AllUsers);
        Ram(nameof(Users.GetUser), Users.GetUser.HandleAsync, ActionResources.User);
        Ram(nameof(Users.UpdateUser), Users.UpdateUser.HandleAsync, ActionResources.User);
        Ram(nameof(Users.DeleteUser), Users.DeleteUser.HandleAsync, ActionResources.User);
        Ram(nameof(Users.ListUsers), Users.ListUsers.HandleAsync, ActionResources.AllUsers);
        Ram(nameof(AccessKeys.CreateAccessKey), AccessKeys.CreateAccessKey.HandleAsync, ActionResources.User);
        Ram(nameof(AccessKeys.UpdateAccessKey), AccessKeys.UpdateAccessKey.HandleAsync, ActionResources.User);
        Ram(nameof(AccessKeys.DeleteAccessKey), AccessKeys.DeleteAccessKey.HandleAsync, ActionResources.User);
        Ram(nameof(AccessKeys.ListAccessKeys), AccessKeys.ListAccessKeys.HandleAsync, ActionResources.User);
        Ram(nameof(AccessKeys.GetAccessKeyLastUsed), AccessKeys.GetAccessKeyLastUsed.HandleAsync, ActionResources.User);
        Ram(nameof(LoginProfiles.CreateLoginProfile), LoginProfiles.CreateLoginProfile.HandleAsync, ActionResources.User);
        Ram(nameof(LoginProfiles.GetLoginProfile), LoginProfiles.GetLoginProfile.HandleAsync, ActionResources.User);
        Ram(nameof(LoginProfiles.UpdateLoginProfile), LoginProfiles.UpdateLoginProfile.HandleAsync, ActionResources.User);
        Ram(nameof(LoginProfiles.DeleteLoginProfile), LoginProfiles.DeleteLoginProfile.HandleAsync, ActionResources.User);
        Ram(nameof(Accounts.GetAccountAlias), Accounts.GetAccountAlias.HandleAsync, ActionResources.Account);
        Ram(nameof(Accounts.SetAccountAlias), Accounts.SetAccountAlias.HandleAsync, ActionResources.Account);
        Ram(nameof(Accounts.ClearAccountAlias), Accounts.ClearAccountAlias.HandleAsync, ActionResources.Account);
        Ram(nameof(Accounts.GetSecurityPreference), Accounts.GetSecurityPreference.HandleAsync, ActionResources.Account);
        Ram(nameof(Accounts.SetSecurityPreference), Accounts.SetSecurityPreference.HandleAsync, ActionResources.Account);
        Ram(nameof(PasswordPolicies.GetPasswordPolicy), PasswordPolicies.GetPasswordPolicy.HandleRamAsync, ActionResources.Account);
        Ram(nameof(PasswordPolicies.SetPasswordPolicy), PasswordPolicies.SetPasswordPolicy.HandleRamAsync, ActionResources.Account);
        Ram(nameof(Mfa.CreateVirtualMFADevice), Mfa.CreateVirtualMFADevice.HandleAsync, Mfa.MfaResources.NamedDevice);
        Ram(nameof(Mfa.BindMFADevice), Mfa.BindMFADevice.HandleRamAsync, Mfa.MfaResources.UserAndDevice);
        Ram(nameof(Mfa.UnbindMFADevice), Mfa.UnbindMFADevice.HandleRamAsync, ActionResources.User);
        Ram(nameof(Mfa.GetUserMFAInfo), Mfa.GetUserMFAInfo.HandleRamAsync, ActionResources.User);
        Ram(nameof(Mfa.ListVirtualMFADevices), Mfa.ListVirtualMFADevices.HandleRamAsync, Mfa.MfaResources.AllDevices);
        Ram(nameof(Mfa.DeleteVirtualMFADevice), Mfa.DeleteVirtualMFADevice.HandleAsync, Mfa.MfaResources.SerialDevice);

        // ChangePassword acts on the caller alone and is governed by the security preference's
        // AllowUserToChangePassword, not by a policy (spec ram-roles-sts-mfa.md 7.3).
        table.Add(Products.Ram, Products.RamVersion, nameof(LoginProfiles.ChangePassword), LoginProfiles.ChangePassword.HandleAsync, null, ActionResources.None);

        Ram(nameof(Policies.CreatePolicy), Policies.CreatePolicy.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.GetPolicy), Policies.GetPolicy.HandleAsync, ActionResources.Policy);
        Ram(nameof(Policies.ListPolicies), Policies.ListPolicies.HandleAsync, ActionResources.AllPolicies);
        Ram(nameof(Policies.UpdatePolicyDescription), Policies.UpdatePolicyDescription.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.DeletePolicy), Policies.DeletePolicy.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.CreatePolicyVersion), Policies.CreatePolicyVersion.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.GetPolicyVersion), Policies.GetPolicyVersion.HandleAsync, ActionResources.Policy);
        Ram(nameof(Policies.ListPolicyVersions), Policies.ListPolicyVersions.HandleAsync, ActionResources.Policy);
        Ram(nameof(Policies.DeletePolicyVersion), Policies.DeletePolicyVersion.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.SetDefaultPolicyVersion), Policies.SetDefaultPolicyVersion.HandleAsync, ActionResources.CustomPolicy);
        Ram(nameof(Policies.ListEntitiesForPolicy), Policies.ListEntitiesForPolicy.HandleAsync, ActionResources.Policy);
        Ram(nameof(Policies.AttachPolicyToUser), Policies.AttachPolicyToUser.HandleAsync, ActionResources.UserAndPolicy);
        Ram(nameof(Policies.DetachPolicyFromUser), Policies.DetachPolicyFromUser.HandleAsync, ActionResources.UserAndPolicy);
        Ram(nameof(Policies.ListPoliciesForUser), Policies.ListPoliciesForUser.HandleAsync, ActionResources.User);
        Ram(nameof(Policies.AttachPolicyToGroup), Policies.AttachPolicyToGroup.HandleAsync, ActionResources.GroupAndPolicy);
        Ram(nameof(Policies.DetachPolicyFromGroup), Policies.DetachPolicyFromGroup.HandleAsync, ActionResources.GroupAndPolicy);
        Ram(nameof(Policies.ListPoliciesForGroup), Policies.ListPoliciesForGroup.HandleAsync, ActionResources.Group);
        Ram(nameof(Policies.DecodeDiagnosticMessage), Policies.DecodeDiagnosticMessage.HandleAsync, ActionResources.Any);

        Ram(nameof(Groups.CreateGroup), Groups.CreateGroup.HandleAsync, ActionResources.AllGroups);
        Ram(nameof(Groups.GetGroup), Groups.GetGroup.HandleAsync, ActionResources.Group);
        Ram(nameof(Groups.UpdateGroup), Groups.UpdateGroup.HandleAsync, ActionResources.Group);
        Ram(nameof(Groups.DeleteGroup), Groups.DeleteGroup.HandleAsync, ActionResources.Group);
        Ram(nameof(Groups.ListGroups), Groups.ListGroups.HandleAsync, ActionResources.AllGroups);
        Ram(nameof(Groups.AddUserToGroup), Groups.AddUserToGroup.HandleAsync, ActionResources.UserAndGroup);
        Ram(nameof(Groups.RemoveUserFromGroup), Groups.RemoveUserFromGroup.HandleAsync, ActionResources.UserAndGroup);
        Ram(nameof(Groups.ListGroupsForUser), Groups.ListGroupsForUser.HandleAsync, ActionResources.User);
        Ram(nameof(Groups.ListUsersForGroup), Groups.ListUsersForGroup.HandleAsync, ActionResources.Group);

        Ram(nameof(Roles.CreateRole), Roles.CreateRole.HandleAsync, ActionResources.Role);
        Ram(nameof(Roles.GetRole), Roles.GetRole.HandleAsync, ActionResources.Role);
        Ram(nameof(Roles.UpdateRole), Roles.UpdateRole.HandleAsync, ActionResources.Role);
        Ram(nameof(Roles.DeleteRole), Roles.DeleteRole.HandleAsync, ActionResources.Role);
        Ram(nameof(Roles.ListRoles), Roles.ListRoles.HandleAsync, ActionResources.AllRoles);
        Ram(nameof(Policies.AttachPolicyToRole), Policies.AttachPolicyToRole.HandleAsync, ActionResources.RoleAndPolicy);
        Ram(nameof(Policies.DetachPolicyFromRole), Policies.DetachPolicyFromRole.HandleAsync, ActionResources.RoleAndPolicy);
        Ram(nameof(Policies.ListPoliciesForRole), Policies.ListPoliciesForRole.HandleAsync, ActionResources.Role);

        // Latchkey's own (no Alibaba twin): server-side rotation (docs/access-keys.md, "Rotation"),
        // authorized as the RAM actions it performs on the owner's keys.
        table.Add(Products.Ram, Products.RamVersion, nameof(AccessKeys.StartAccessKeyRotation), AccessKeys.StartAccessKeyRotation.HandleAsync, "ram:CreateAccessKey", ActionResources.User, ["ram:UpdateAccessKey", "ram:DeleteAccessKey"]);
        table.Add(Products.Ram, Products.RamVersion, nameof(AccessKeys.GetAccessKeyRotation), AccessKeys.GetAccessKeyRotation.HandleAsync, "ram:ListAccessKeys", ActionResources.User);
        table.Add(Products.Ram, Products.RamVersion, nameof(AccessKeys.CancelAccessKeyRotation), AccessKeys.CancelAccessKeyRotation.HandleAsync, "ram:UpdateAccessKey", ActionResources.User);

        Ims(nameof(Api.Ims.CreateAccessKey), Api.Ims.CreateAccessKey.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.UpdateAccessKey), Api.Ims.UpdateAccessKey.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.DeleteAccessKey), Api.Ims.DeleteAccessKey.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.ListAccessKeys), Api.Ims.ListAccessKeys.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.GetAccessKeyLastUsed), Api.Ims.GetAccessKeyLastUsed.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.GetUser), Api.Ims.GetUser.HandleAsync, ActionResources.ImsGetUser);
        Ims(nameof(Api.Ims.SetAccessKeyPolicy), Api.Ims.SetAccessKeyPolicy.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.GetAccessKeyPolicy), Api.Ims.GetAccessKeyPolicy.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Api.Ims.ListAccessKeysInRecycleBin), Api.Ims.ListAccessKeysInRecycleBin.HandleAsync, ActionResources.ImsUserById);
        Ims(nameof(Api.Ims.GetAccessKeyInfoInRecycleBin), Api.Ims.GetAccessKeyInfoInRecycleBin.HandleAsync, ActionResources.AllUsers);
        Ims(nameof(Api.Ims.RestoreAccessKeyFromRecycleBin), Api.Ims.RestoreAccessKeyFromRecycleBin.HandleAsync, ActionResources.ImsUserById);
        Ims(nameof(Api.Ims.DeleteAccessKeyInRecycleBin), Api.Ims.DeleteAccessKeyInRecycleBin.HandleAsync, ActionResources.ImsUserById);
        Ims(nameof(Api.Ims.GenerateCredentialReport), Api.Ims.GenerateCredentialReport.HandleAsync, ActionResources.Account);
        Ims(nameof(Api.Ims.GetCredentialReport), Api.Ims.GetCredentialReport.HandleAsync, ActionResources.Account);
        Ims(nameof(PasswordPolicies.GetPasswordPolicy), PasswordPolicies.GetPasswordPolicy.HandleImsAsync, ActionResources.Account);
        Ims(nameof(PasswordPolicies.SetPasswordPolicy), PasswordPolicies.SetPasswordPolicy.HandleImsAsync, ActionResources.Account);
        Ims(nameof(Accounts.GetSecurityPreference), Accounts.GetSecurityPreference.HandleImsAsync, ActionResources.Account);
        Ims(nameof(Accounts.SetSecurityPreference), Accounts.SetSecurityPreference.HandleImsAsync, ActionResources.Account);
        Ims(nameof(Mfa.CreateVirtualMFADevice), Mfa.CreateVirtualMFADevice.HandleAsync, Mfa.MfaResources.NamedDevice);
        Ims(nameof(Mfa.BindMFADevice), Mfa.BindMFADevice.HandleImsAsync, Mfa.MfaResources.ImsUserAndDevice);
        Ims(nameof(Mfa.UnbindMFADevice), Mfa.UnbindMFADevice.HandleImsAsync, ActionResources.ImsUser);
        Ims(nameof(Mfa.GetUserMFAInfo), Mfa.GetUserMFAInfo.HandleImsAsync, ActionResources.ImsUser);
        Ims(nameof(Mfa.ListVirtualMFADevices), Mfa.ListVirtualMFADevices.HandleImsAsync, Mfa.MfaResources.AllDevices);
        Ims(nameof(Mfa.DeleteVirtualMFADevice), Mfa.DeleteVirtualMFADevice.HandleAsync, Mfa.MfaResources.SerialDevice);
        Ims(nameof(Mfa.DisableVirtualMFA), Mfa.DisableVirtualMFA.HandleAsync, ActionResources.ImsUser);
        Ims(nameof(Mfa.GetAccountMFAInfo), Mfa.GetAccountMFAInfo.HandleAsync, ActionResources.Account);
        table.Add(Products.Ims, Products.ImsVersion, nameof(LoginProfiles.ChangePassword), LoginProfiles.ChangePassword.HandleAsync, null, ActionResources.None);

        table.Add(Products.Sts, Products.StsVersion, nameof(Sts.GetCallerIdentity), Sts.GetCallerIdentity.HandleAsync, null, ActionResources.None);
        table.Add(Products.Sts, Products.StsVersion, nameof(Sts.AssumeRole), Sts.AssumeRole.HandleAsync, "sts:AssumeRole", ActionResources.AssumedRole);
        return table;
    }
}
