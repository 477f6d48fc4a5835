using System.Runtime.InteropServices;

namespace Latchkey.Core.Authentication;

/// <summary>
/// Counts failures per key (a source address, an AccessKeyId) in one-minute windows, in fixed
/// memory: a count-min sketch of two rows of 32,768 counters (256 KB), indexed by
/// <see cref="HashCode"/>, which is seeded at random per process, so nobody can aim collisions at
/// another caller. A count may be overstated when keys share both counters, never understated;
/// at this width that takes on the order of a million failures a minute. The counters are cleared
/// when the minute changes.
/// </summary>
internal sealed class FailureCounter
{
    private const int Width = 32_768;

    private readonly int[] _counters = new int[2 * Width];
    private readonly Lock _clearing = new();
    private long _minute = long.MinValue;

    public int Count(ReadOnlySpan<char> key, long minute)
    {
        Roll(minute);
        var (a, b) = SlotsOf(key);
        return Math.Min(Volatile.Read(ref _counters[a]), Volatile.Read(ref _counters[b]));
    }

    /// <summary>Counts one failure; returns the key's count including it.</summary>
    public int Add(ReadOnlySpan<char> key, long minute)
    {
        Roll(minute);
        var (a, b) = SlotsOf(key);
        return Math.Min(Interlocked.Increment(ref _counters[a]), Interlocked.Increment(ref _counters[b]));
    }

    private void Roll(long minute)
    {
        if (Volatile.Read(ref _minute) == minute)
        {
            return;
        }

        lock (_clearing)
        {
            if (_minute != minute)
            {
                Array.Clear(_counters);
                Volatile.Write(ref _minute, minute);
            }
        }
    }

    private static (int A, int B) SlotsOf(ReadOnlySpan<char> key)
    {
        var bytes = MemoryMarshal.AsBytes(key);
        var first = new HashCode();
        first.Add(1);
        first.AddBytes(bytes);
        var second = new HashCode();
        second.Add(2);
        second.AddBytes(bytes);
        return ((int)((uint)first.ToHashCode() % Width), Width + (int)((uint)second.ToHashCode() % Width));
    }
}
