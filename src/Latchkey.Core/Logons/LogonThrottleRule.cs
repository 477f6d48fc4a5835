namespace Latchkey.Core.Logons;

/// <summary>
/// <see cref="MaxFailures"/> failures within <see cref="Window"/> of the first lock the logon name
/// for <see cref="LockDuration"/>. Owned by <see cref="LogonService"/>; the store only applies it atomically.
/// </summary>
public sealed record LogonThrottleRule(int MaxFailures, TimeSpan Window, TimeSpan LockDuration);
