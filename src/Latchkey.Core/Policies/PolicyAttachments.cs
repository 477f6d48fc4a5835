using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Results;

namespace Latchkey.Core.Policies;

/// <summary>
/// What a policy is attached to (a RAM user, group or role): its kind as the audit events name it,
/// its name, its per-type limits and the two store calls.
/// </summary>
internal sealed record PolicyTarget(
    string Kind,
    string Name,
    int MaxSystemPolicies,
    int MaxCustomPolicies,
    Func<string, string, int, AuditEvent, CancellationToken, Task<Result>> AttachAsync,
    Func<string, AuditEvent, CancellationToken, Task<Result>> DetachAsync);

/// <summary>
/// AttachPolicyTo{User,Group,Role} and DetachPolicyFrom{User,Group,Role}, once: the parameters are
/// checked in Alibaba's order (PolicyName, PolicyType, then the target, then the policy), the
/// change's audit event marks it as a permission change (its change-log row commits with it) and
/// the other nodes are told after the commit.
/// </summary>
internal static class PolicyAttachments
{
    public static async Task<Result> ChangeAsync(
        AuditContext ctx,
        string? policyName,
        string? policyType,
        bool attach,
        Func<CancellationToken, Task<Result<PolicyTarget>>> findTarget,
        IPolicyStore policies,
        PermissionChanges permissions,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        if (string.IsNullOrEmpty(policyType))
        {
            return Errors.Missing("PolicyType");
        }

        if (PolicyTypes.Parse(policyType) is not { } type)
        {
            return Errors.Policy.InvalidPolicyType;
        }

        var found = await findTarget(ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var target = found.Value;
        var policy = type == PolicyTypes.System
            ? SystemPolicies.Find(policyName)
            : (await policies.FindPolicyAsync(ctx.Actor.AccountId, policyName, ct))?.PolicyName;
        if (policy is null)
        {
            return Errors.Policy.NotFound;
        }

        var audit = AuditEvents.Create(ctx, time, (attach ? "AttachPolicyTo" : "DetachPolicyFrom") + target.Kind, target.Kind, target.Name, $"{type}:{policy}") with { ChangesPermissions = true };
        var changed = attach
            ? await target.AttachAsync(policy, type, type == PolicyTypes.System ? target.MaxSystemPolicies : target.MaxCustomPolicies, audit, ct)
            : await target.DetachAsync(policy, audit, ct);
        if (changed.IsSuccess)
        {
            await permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return changed;
    }
}
