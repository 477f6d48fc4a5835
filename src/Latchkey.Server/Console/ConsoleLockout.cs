using System.Collections.Concurrent;

namespace Latchkey.Server.Console;

/// <summary>
/// Locks a logon name after <see cref="MaxFailures"/> failed log ons in a row for
/// <see cref="LockDuration"/>, whether or not the name exists (so a lock reveals nothing).
/// Kept in memory on this node: a restart or another node starts counting again.
/// </summary>
public sealed class ConsoleLockout(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLocked(string logonName) =>
        _entries.TryGetValue(Key(logonName), out var entry) && entry.LockedUntil is { } until && until > time.GetUtcNow();

    public void RecordFailure(string logonName)
    {
        var now = time.GetUtcNow();
        _entries.AddOrUpdate(
            Key(logonName),
            _ => new Entry(1, null),
            (_, entry) =>
            {
                // A lock that has run out starts a fresh count.
                var failures = entry.LockedUntil is { } until && until <= now ? 1 : entry.Failures + 1;
                return new Entry(failures, failures >= MaxFailures ? now + LockDuration : null);
            });
        if (_entries.Count > PruneAbove)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.LockedUntil is null || entry.LockedUntil <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    public void RecordSuccess(string logonName) => _entries.TryRemove(Key(logonName), out _);

    private static string Key(string logonName) => (logonName ?? "").Trim();

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil);
}
