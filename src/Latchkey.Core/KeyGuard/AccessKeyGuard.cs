namespace Latchkey.Core.KeyGuard;

/// <summary>
/// What guards one AccessKey beyond its status, as a store holds it: the network policy document
/// (null = never set), whether it is a canary (and when it first signed a request), and when a
/// leak report restricted it. Travels with the cached key, so the hot path reads no store.
/// </summary>
public sealed record AccessKeyGuard(
    string AccessKeyId,
    string? NetworkPolicy,
    bool Canary,
    DateTimeOffset? CanaryTrippedAt,
    DateTimeOffset? RestrictedAt);
