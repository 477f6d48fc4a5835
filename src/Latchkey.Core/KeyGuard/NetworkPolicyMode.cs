namespace Latchkey.Core.KeyGuard;

/// <summary>The policy document's Status: Alibaba's Active and Inactive, and Latchkey's AuditOnly.</summary>
public enum NetworkPolicyMode
{
    /// <summary>Status Inactive: stored, not evaluated.</summary>
    Inactive,

    /// <summary>Status Active: a request from outside every ClassicWhiteList is refused.</summary>
    Active,

    /// <summary>Status AuditOnly (Latchkey): evaluated, and what would have been refused is recorded, not refused.</summary>
    AuditOnly,
}
