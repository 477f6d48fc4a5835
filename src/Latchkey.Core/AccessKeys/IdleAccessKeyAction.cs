namespace Latchkey.Core.AccessKeys;

/// <summary>What the daily idle-key run does to a key (see <see cref="IdleAccessKeys"/>).</summary>
public enum IdleAccessKeyAction
{
    /// <summary>Used recently enough: nothing.</summary>
    None,

    /// <summary>Enters its warning period: the run warns (audit event, metric, console banner).</summary>
    Warn,

    /// <summary>Warned already; disabled on <see cref="IdleAccessKeyReportEntry.DisableOn"/> unless used before.</summary>
    Warned,

    /// <summary>Idle past the limit and warned long enough ago: the run disables it.</summary>
    Disable,
}
