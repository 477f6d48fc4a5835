using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core;

/// <summary>How keys look after themselves: the recycle bin, idle-key disabling, rotation (docs/access-keys.md).</summary>
public sealed class AccessKeyLifecycleOptions
{
    public const string SectionName = "AccessKeyLifecycle";

    /// <summary>
    /// Days a deleted key stays in the recycle bin, restorable, before it is purged (Alibaba: about
    /// 30). 0 turns the bin off: DeleteAccessKey deletes at once, as before the bin existed.
    /// </summary>
    [Range(0, 365, ErrorMessage = "AccessKeyLifecycle:RecycleBinDays must be between 0 and 365 (default 30); fix it in appsettings.json or LATCHKEY_AccessKeyLifecycle__RecycleBinDays.")]
    public int RecycleBinDays { get; set; } = 30;

    /// <summary>
    /// Days of warning before an idle key is disabled (MaxIdleDaysForAccessKeys): a key is warned
    /// once it has been unused for MaxIdleDays minus this, and disabled no earlier than this many
    /// days after its warning, so no key is ever disabled without one.
    /// </summary>
    [Range(1, 60, ErrorMessage = "AccessKeyLifecycle:IdleWarningDays must be between 1 and 60 (default 14); fix it in appsettings.json or LATCHKEY_AccessKeyLifecycle__IdleWarningDays.")]
    public int IdleWarningDays { get; set; } = 14;

    /// <summary>How often each node looks for lifecycle work that is due (the work itself runs on one node: a lease row in the store).</summary>
    /// <remarks>Also how often a rotation's old key is looked at (the rotation job runs every tick), so the default is a minute.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "AccessKeyLifecycle:CheckInterval must be between 00:00:01 and 1.00:00:00 (default 00:01:00); fix it in appsettings.json or LATCHKEY_AccessKeyLifecycle__CheckInterval.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A server-side rotation's grace period when the caller names none: the old key is disabled
    /// once it has been unused this long since the rotation started.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "AccessKeyLifecycle:RotationGracePeriod must be between 00:00:01 and 30.00:00:00 (default 00:15:00); fix it in appsettings.json or LATCHKEY_AccessKeyLifecycle__RotationGracePeriod.")]
    public TimeSpan RotationGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a rotated key stays disabled before the rotation moves it to the recycle bin
    /// (default 0: at once, in the same run). A forgotten client that fails meanwhile can be let
    /// back in with UpdateAccessKey Status=Active, which ends the rotation.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "AccessKeyLifecycle:RotationRecycleHold must be between 00:00:00 and 30.00:00:00 (default 00:00:00); fix it in appsettings.json or LATCHKEY_AccessKeyLifecycle__RotationRecycleHold.")]
    public TimeSpan RotationRecycleHold { get; set; } = TimeSpan.Zero;

    /// <summary>Whether this node runs the lifecycle jobs at all (idle keys, recycle-bin purge, rotations); off for tests that drive them by hand.</summary>
    public bool RunJobs { get; set; } = true;
}
