namespace Latchkey.Core.KeyGuard;

/// <summary>
/// A key's guard prepared for the hot path: the policy parsed once, flags as fields. Built when the
/// key enters the cache and replaced with it on every change (the change log drops the entry), so
/// checking it costs no store read.
/// </summary>
public sealed class CachedKeyGuard
{
    private int _canaryAlerted;

    private CachedKeyGuard(AccessKeyNetworkPolicy? networkPolicy, bool canary, bool canaryTripped, bool restricted)
    {
        NetworkPolicy = networkPolicy;
        IsCanary = canary;
        _canaryAlerted = canaryTripped ? 1 : 0;
        IsRestricted = restricted;
    }

    /// <summary>The policy when it is evaluated (Active or AuditOnly); null when none is set or it is Inactive.</summary>
    public AccessKeyNetworkPolicy? NetworkPolicy { get; }

    public bool IsCanary { get; }

    public bool IsRestricted { get; }

    /// <summary>A guard for <paramref name="stored"/>, or null when nothing in it affects verification.</summary>
    public static CachedKeyGuard? From(AccessKeyGuard? stored)
    {
        if (stored is null)
        {
            return null;
        }

        AccessKeyNetworkPolicy? policy = null;
        if (stored.NetworkPolicy is { } document)
        {
            var parsed = AccessKeyNetworkPolicy.Parse(document);

            // Stored documents were validated when set; one that no longer parses fails closed.
            policy = parsed.IsSuccess ? parsed.Value : AccessKeyNetworkPolicy.Parse("""{"Status":"Active","Statements":[]}""").Value;
            if (policy.Mode == NetworkPolicyMode.Inactive)
            {
                policy = null;
            }
        }

        var restricted = stored.RestrictedAt is not null;
        return policy is null && !stored.Canary && !restricted
            ? null
            : new CachedKeyGuard(policy, stored.Canary, stored.CanaryTrippedAt is not null, restricted);
    }

    /// <summary>True once per cached entry, and never when the store already recorded the canary's first use.</summary>
    public bool TryClaimCanaryAlert() => Interlocked.Exchange(ref _canaryAlerted, 1) == 0;
}
