namespace Latchkey.Core.KeyGuard;

/// <summary>
/// How one key was used over the last <see cref="Days"/>.Count days (oldest first), what the
/// console should warn about, and the allowlist its observed source addresses suggest.
/// </summary>
public sealed record KeyUsagePicture(
    IReadOnlyList<KeyUsageDay> Days,
    IReadOnlyList<string> RiskNotes,
    IReadOnlyList<string> SuggestedAllowlist,
    IReadOnlyList<string> OutsidePolicySources,
    int SourceNetworks);

/// <summary>One UTC day: verified calls, refusals, calls outside an audit-only policy, distinct source addresses.</summary>
public sealed record KeyUsageDay(DateOnly Day, long Calls, long Refusals, long OutsidePolicy, int Sources);
