using Latchkey.Core.Policies;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Everything that decides what one RAM user may do, compiled: its own and its groups' policies
/// (default versions) and the account's "users manage their own AccessKeys" preference. Built by
/// <see cref="PermissionCache"/>, dropped on any change to them.
/// </summary>
public sealed class PermissionSet(string accountId, string userId, string userName, bool allowOwnAccessKeys, IReadOnlyList<EffectivePolicy> policies)
{
    /// <summary>The RAM actions a user may call on itself when the account allows it (spec alibaba-openapi.md §12).</summary>
    private static readonly string[] OwnAccessKeyActions =
        [
            "ram:CreateAccessKey", "ram:UpdateAccessKey", "ram:DeleteAccessKey", "ram:ListAccessKeys", "ram:GetAccessKeyLastUsed",
            "ram:ListAccessKeysInRecycleBin", "ram:RestoreAccessKeyFromRecycleBin", "ram:DeleteAccessKeyInRecycleBin",
        ];

    private readonly EffectivePolicy[] _policies = [.. policies];
    private readonly string _ownUserArn = $"acs:ram:*:{accountId}:user/{userName}";

    public string AccountId { get; } = accountId;

    public string UserId { get; } = userId;

    public IReadOnlyList<EffectivePolicy> Policies => _policies;

    /// <summary>
    /// Explicit Deny in any policy wins, then Allow in any, else implicit deny. <paramref name="matched"/>
    /// is the policy that decided (the denying or the allowing one), null for an implicit deny.
    /// </summary>
    public PolicyDecision Evaluate(string action, string resource, AuthorizationContext context, out EffectivePolicy? matched)
    {
        matched = null;
        foreach (var policy in _policies)
        {
            switch (policy.Compiled.Evaluate(action, resource, context))
            {
                case PolicyDecision.ExplicitDeny:
                    matched = policy;
                    return PolicyDecision.ExplicitDeny;
                case PolicyDecision.Allow:
                    matched ??= policy;
                    break;
            }
        }

        if (matched is not null)
        {
            return PolicyDecision.Allow;
        }

        // The account's security preference is an allow of its own, below every explicit deny.
        if (allowOwnAccessKeys && IsOwnUser(resource, context)
            && Array.IndexOf(OwnAccessKeyActions, action) >= 0)
        {
            return PolicyDecision.Allow;
        }

        return PolicyDecision.ImplicitDeny;
    }

    /// <summary>By UserId when the request's target was resolved; by name only where it was not (the console's own pages).</summary>
    private bool IsOwnUser(string resource, AuthorizationContext context)
    {
        if (context.TargetUserId is { } targetUserId)
        {
            return string.Equals(targetUserId, UserId, StringComparison.Ordinal);
        }

        return !context.TargetUserUnknown && string.Equals(resource, _ownUserArn, StringComparison.Ordinal);
    }
}
