using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core;

/// <summary>The in-memory replay window of a node without Redis ("NonceStore" section; docs/performance.md).</summary>
public sealed class NonceStoreOptions
{
    public const string SectionName = "NonceStore";

    /// <summary>
    /// How many nonces one node remembers at once. A nonce is kept until its request's timestamp
    /// leaves the window (up to MaxClockSkew after the timestamp, rounded up to the minute), so the
    /// sustained rate one node can accept is about Capacity / 16 minutes: the default, 4,194,304,
    /// holds ~4,300 signed requests per second. The table is allocated at start, about 29 bytes per
    /// nonce of capacity (~120 MB for the default); when it is full, signed requests are refused
    /// with ServiceUnavailable.NonceWindowFull until entries expire.
    /// </summary>
    [Range(1024, 268_435_456)]
    public int Capacity { get; set; } = 4_194_304;
}
