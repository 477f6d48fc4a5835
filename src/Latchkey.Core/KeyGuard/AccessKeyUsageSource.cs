namespace Latchkey.Core.KeyGuard;

/// <summary>
/// One source address a key signed verified requests from on one day (<see cref="Day"/> is its
/// start, UTC), how many, and how many of them were outside its network policy.
/// </summary>
public sealed record AccessKeyUsageSource(string AccessKeyId, DateTimeOffset Day, string SourceIp, long Calls, long OutsidePolicy);
