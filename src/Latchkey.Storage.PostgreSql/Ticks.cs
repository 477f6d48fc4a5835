namespace Latchkey.Storage.PostgreSql;

/// <summary>Timestamps are stored as UTC ticks: exact round trip, ordered like the instants.</summary>
internal static class Ticks
{
    public static long From(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset To(long ticks) => new(ticks, TimeSpan.Zero);
}
