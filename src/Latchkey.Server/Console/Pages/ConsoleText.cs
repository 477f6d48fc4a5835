using System.Globalization;
using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Console.Pages;

/// <summary>How the console writes dates and last use.</summary>
public static class ConsoleText
{
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Status(AccessKeyStatus status) => status == AccessKeyStatus.Active ? "Active" : "Inactive";

    /// <summary>A span in words: "90 seconds", "15 minutes", "1 hour", "7 days".</summary>
    public static string Span(TimeSpan span)
    {
        static string Unit(double n, string one) => n.ToString("0.##", CultureInfo.InvariantCulture) + " " + one + (n == 1 ? "" : "s");
        return span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? Unit(span.TotalDays, "day")
            : span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 ? Unit(span.TotalHours, "hour")
            : span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0 ? Unit(span.TotalMinutes, "minute")
            : Unit(Math.Round(span.TotalSeconds), "second");
    }

    /// <summary>Where a server-side rotation of the key is, in the words its row shows.</summary>
    public static string Rotation(AccessKeyRotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        return rotation.State switch
        {
            AccessKeyRotationState.Waiting =>
                $"Rotating to {rotation.NewAccessKeyId}: waiting until unused for {Span(rotation.GracePeriod)}; disabled at {Date(rotation.DisableAt)} at the earliest.",
            AccessKeyRotationState.Disabled => rotation.RecycleHold > TimeSpan.Zero
                ? $"Rotated to {rotation.NewAccessKeyId}: disabled {Date(rotation.StateChangedAt)}; moves to the recycle bin at {Date(rotation.StateChangedAt + rotation.RecycleHold)}."
                : $"Rotated to {rotation.NewAccessKeyId}: disabled {Date(rotation.StateChangedAt)}; moves to the recycle bin at the next check.",
            AccessKeyRotationState.Recycled => $"In the recycle bin since {Date(rotation.StateChangedAt)}: rotated to {rotation.NewAccessKeyId}.",
            AccessKeyRotationState.Cancelled => $"Rotation to {rotation.NewAccessKeyId} cancelled {Date(rotation.StateChangedAt)}.",
            _ => rotation.EndReason switch
            {
                "OldKeyEnabled" => $"Rotation to {rotation.NewAccessKeyId} ended {Date(rotation.StateChangedAt)}: this key was enabled again.",
                "NewKeyDeleted" => $"Rotation ended {Date(rotation.StateChangedAt)}: the new key {rotation.NewAccessKeyId} was deleted, so this key was kept.",
                _ => $"Rotation to {rotation.NewAccessKeyId} ended {Date(rotation.StateChangedAt)}: this key was deleted by hand.",
            },
        };
    }
}
