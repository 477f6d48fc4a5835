namespace Latchkey.Core.KeyGuard;

/// <summary>
/// One key's counters for one hour (<see cref="Hour"/> is its start, UTC): verified calls,
/// refusals (any failure of a request naming the key), and calls a network policy in audit-only
/// mode would have refused.
/// </summary>
public sealed record AccessKeyUsageHour(string AccessKeyId, DateTimeOffset Hour, long Calls, long Refusals, long OutsidePolicy);
