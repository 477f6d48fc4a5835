namespace Latchkey.Storage;

/// <summary>Timestamps are stored as UTC ticks: exact round trip, ordered like the instants.</summary>
public static class Ticks
{
    public static long From(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset To(long ticks) => new(ticks, TimeSpan.Zero);

    public static long? FromNullable(DateTimeOffset? value) => value is { } v ? From(v) : null;
}
