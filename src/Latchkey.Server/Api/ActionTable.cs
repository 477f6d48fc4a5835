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
            table.Add(descriptor.Product, descriptor.Version, descriptor.Action, wrap(descriptor.Handler));
        }

        return table;
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
        Ram(nameof(Policies.AttachPolicyToUser), Policies.AttachPolicyToUser.HandleAsync);
        Ram(nameof(Policies.DetachPolicyFromUser), Policies.DetachPolicyFromUser.HandleAsync);
        Ram(nameof(Policies.ListPoliciesForUser), Policies.ListPoliciesForUser.HandleAsync);

        Ims(nameof(Api.Ims.CreateAccessKey), Api.Ims.CreateAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.UpdateAccessKey), Api.Ims.UpdateAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.DeleteAccessKey), Api.Ims.DeleteAccessKey.HandleAsync);
        Ims(nameof(Api.Ims.ListAccessKeys), Api.Ims.ListAccessKeys.HandleAsync);
        Ims(nameof(Api.Ims.GetAccessKeyLastUsed), Api.Ims.GetAccessKeyLastUsed.HandleAsync);
        Ims(nameof(Api.Ims.GetUser), Api.Ims.GetUser.HandleAsync);

        table.Add(Products.Sts, Products.StsVersion, nameof(Sts.GetCallerIdentity), Sts.GetCallerIdentity.HandleAsync);
        return table;
    }
}
