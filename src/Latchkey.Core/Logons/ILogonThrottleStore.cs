namespace Latchkey.Core.Logons;

/// <summary>
/// Failed console log ons per logon key, shared by every node using the database, so a restart or
/// another node behind a load balancer does not start counting again.
/// </summary>
public interface ILogonThrottleStore
{
    /// <summary>
    /// Records one failure in one atomic statement and returns the row after it. A row whose lock
    /// has run out, or whose window ended without a lock, starts again at 1 with a window ending at
    /// <paramref name="now"/> + <see cref="LogonThrottleRule.Window"/>. When the count reaches
    /// <see cref="LogonThrottleRule.MaxFailures"/> the key is locked until <paramref name="now"/> +
    /// <see cref="LogonThrottleRule.LockDuration"/>; a lock still running is kept, never extended.
    /// Rows long past their window and lock may be removed on the way.
    /// </summary>
    Task<LogonThrottle> RecordLogonFailureAsync(string logonKey, DateTimeOffset now, LogonThrottleRule rule, CancellationToken cancellationToken);

    /// <summary>The key's row, or null when it has none.</summary>
    Task<LogonThrottle?> FindLogonThrottleAsync(string logonKey, CancellationToken cancellationToken);

    /// <summary>Forgets the key's failures (after a successful log on).</summary>
    Task ResetLogonFailuresAsync(string logonKey, CancellationToken cancellationToken);
}
