using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;

namespace Latchkey.Core.Authorization;

/// <summary>
/// The one policy engine that decides every permission (DESIGN invariant 7): the account may do
/// everything in itself; a RAM user is decided by its compiled <see cref="PermissionSet"/>
/// (explicit Deny, then Allow, else implicit deny) for each resource the action names. The
/// request path reads no store: permission sets come from <see cref="PermissionCache"/>.
/// </summary>
public sealed class Authorizer(PermissionCache permissions, DiagnosticMessages diagnostics)
{
    public const string PolicyTypeIdentity = "AccountLevelIdentityBasedPolicy";
    public const string PolicyTypeSession = "SessionPolicy";

    /// <summary>Null when allowed; otherwise NoPermission with Alibaba's AccessDeniedDetail.</summary>
    public async ValueTask<ApiError?> AuthorizeAsync(Principal caller, string action, IReadOnlyList<string> resources, AuthorizationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(resources);
        if (caller.IsAccount)
        {
            return null;
        }

        if (caller.Session is { } session)
        {
            return await AuthorizeSessionAsync(caller, session, action, resources, context, ct);
        }

        var set = await permissions.GetAsync(caller, ct);
        foreach (var resource in resources)
        {
            EffectivePolicy? matched = null;
            var decision = set?.Evaluate(action, resource, context, out matched) ?? PolicyDecision.ImplicitDeny;
            if (decision is not PolicyDecision.Allow)
            {
                return Deny(caller, action, resource, context, decision, matched);
            }
        }

        return null;
    }

    /// <summary>
    /// A role session may do what the role's policies allow AND its session policy (if any)
    /// allows, evaluated per request: the session policy only narrows (spec ram-roles-sts-mfa.md §4.2).
    /// </summary>
    private async ValueTask<ApiError?> AuthorizeSessionAsync(Principal caller, RoleSession session, string action, IReadOnlyList<string> resources, AuthorizationContext context, CancellationToken ct)
    {
        var role = await permissions.GetRoleAsync(caller.AccountId, session.RoleId, ct);
        foreach (var resource in resources)
        {
            EffectivePolicy? matched = null;
            var decision = role?.Set.Evaluate(action, resource, context, out matched) ?? PolicyDecision.ImplicitDeny;
            if (decision is not PolicyDecision.Allow)
            {
                return Deny(caller, action, resource, context, decision, matched);
            }

            if (session.SessionPolicy is { } narrowing && narrowing.Evaluate(action, resource, context) is not PolicyDecision.Allow and var sessionDecision)
            {
                return Deny(caller, action, resource, context, sessionDecision, null, PolicyTypeSession);
            }
        }

        return null;
    }

    /// <summary>Whether the caller may do <paramref name="action"/> on <paramref name="resource"/> (for pages that hide what they cannot do).</summary>
    public async ValueTask<bool> IsAllowedAsync(Principal caller, string action, string resource, AuthorizationContext context, CancellationToken ct) =>
        await AuthorizeAsync(caller, action, [resource], context, ct) is null;

    private ApiError Deny(Principal caller, string action, string resource, AuthorizationContext context, PolicyDecision decision, EffectivePolicy? matched, string policyType = PolicyTypeIdentity)
    {
        var explicitDeny = decision is PolicyDecision.ExplicitDeny;
        var principal = caller.Session is { } session
            ? new DiagnosticMessage.Principal("AssumedRoleUser", caller.AccountId, $"{session.RoleName}:{session.RoleSessionName}")
            : new DiagnosticMessage.Principal("SubUser", caller.AccountId, caller.UserId!);
        var message = new DiagnosticMessage(
            explicitDeny,
            policyType,
            action,
            resource,
            principal,
            [.. context.Describe().Select(pair => new DiagnosticMessage.Condition(pair.Key, [pair.Value]))],
            matched is null
                ? []
                : [new DiagnosticMessage.MatchedPolicy(
                    "Deny",
                    matched.PolicyName,
                    matched.PolicyType,
                    matched.PolicyType == PolicyTypes.Custom ? matched.PolicyVersion : null,
                    matched.AttachedEntityType,
                    "Account")]);
        var detail = new AccessDeniedDetail(
            action,
            principal.AuthPrincipalType,
            principal.AuthPrincipalOwnerId,
            principal.AuthPrincipalDisplayName,
            policyType,
            explicitDeny ? "ExplicitDeny" : "ImplicitDeny",
            diagnostics.Encode(caller.AccountId, message));
        return Errors.Request.NoPermission.WithMessage($"You are not authorized to do this action. Resource: {resource} Action: {action}") with { AccessDenied = detail };
    }
}
