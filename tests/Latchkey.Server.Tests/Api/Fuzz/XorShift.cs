namespace Latchkey.Server.Tests.Api.Fuzz;

/// <summary>
/// A seeded xorshift64 generator: the same seed gives the same mutations on every machine, so a
/// failing case can be replayed from its seed and index. (System.Random is banned in this repo.)
/// </summary>
internal sealed class XorShift(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public ulong NextUInt64()
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
        return _state;
    }

    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
