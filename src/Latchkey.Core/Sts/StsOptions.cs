using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core.Sts;

/// <summary>STS AssumeRole and temporary credentials (section "Sts").</summary>
public sealed class StsOptions
{
    public const string SectionName = "Sts";

    /// <summary>
    /// Whether the account itself (its own AccessKeys) may call AssumeRole. Alibaba refuses it
    /// ("Roles may not be assumed by root accounts"); Latchkey allows it by default because a
    /// platform's automation commonly holds the account's key. Set false for Alibaba's behaviour.
    /// </summary>
    public bool AllowAccountToAssumeRole { get; set; } = true;

    /// <summary>
    /// The longest session a role session may get by assuming another role (role chaining), in
    /// seconds; null (the default) caps it only by the target role's MaxSessionDuration, as Alibaba
    /// documents no cap (AWS caps chained sessions at 3600).
    /// </summary>
    [Range(900, 43200)]
    public int? MaxChainedSessionDuration { get; set; }

    /// <summary>Verified sessions each node keeps ready (token opened, signing key prepared).</summary>
    [Range(16, 10_000_000)]
    public int SessionCacheCapacity { get; set; } = 100_000;
}
