namespace Latchkey.Core.Logons;

/// <summary>
/// The failed log ons of one logon name: how many fell in the current window (which ends at
/// <see cref="WindowEnd"/>), and until when the name is locked (null when it is not).
/// </summary>
public sealed record LogonThrottle(int Failures, DateTimeOffset WindowEnd, DateTimeOffset? LockedUntil)
{
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}
