using Latchkey.Core.Principals;
using Latchkey.Core.Results;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Who may call what: the account may do everything; a RAM user may ask who it is, manage its
/// own keys when the account allows it, and otherwise needs an attached system policy.
/// </summary>
public sealed class Authorizer
{
    private readonly ILatchkeyStore _store;

    public Authorizer(ILatchkeyStore store) => _store = store;

    public async Task<Result> AuthorizeAsync(Principal caller, ActionKind kind, bool targetsOwnAccessKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAccount || kind is ActionKind.CallerIdentity)
        {
            return Result.Success;
        }

        if (targetsOwnAccessKeys && await _store.FindAccountAsync(caller.AccountId, ct) is { AllowUsersToManageOwnAccessKeys: true })
        {
            return Result.Success;
        }

        foreach (var policy in await _store.ListPoliciesAsync(caller.UserId!, ct))
        {
            if (policy.PolicyName is SystemPolicies.AdministratorAccess or SystemPolicies.RamFullAccess
                || (kind is ActionKind.Read && policy.PolicyName is SystemPolicies.RamReadOnlyAccess))
            {
                return Result.Success;
            }
        }

        return Errors.Request.NoPermission;
    }
}
