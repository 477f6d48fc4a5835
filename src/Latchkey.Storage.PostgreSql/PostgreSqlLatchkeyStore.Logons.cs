using Latchkey.Core.Logons;

namespace Latchkey.Storage.PostgreSql;

/// <summary>Console logon throttles: the behaviour is <see cref="SqlLogonThrottleStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlLogonThrottleStore? _logonThrottlesStore;

    private SqlLogonThrottleStore LogonThrottles => _logonThrottlesStore ??= new SqlLogonThrottleStore(Dialect);

    public Task<LogonThrottle> RecordLogonFailureAsync(string logonKey, DateTimeOffset now, LogonThrottleRule rule, CancellationToken cancellationToken) =>
        LogonThrottles.RecordLogonFailureAsync(logonKey, now, rule, cancellationToken);

    public Task<LogonThrottle?> FindLogonThrottleAsync(string logonKey, CancellationToken cancellationToken) =>
        LogonThrottles.FindLogonThrottleAsync(logonKey, cancellationToken);

    public Task ResetLogonFailuresAsync(string logonKey, CancellationToken cancellationToken) =>
        LogonThrottles.ResetLogonFailuresAsync(logonKey, cancellationToken);
}
