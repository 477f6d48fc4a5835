using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core;

/// <summary>
/// What a flood of failing signed requests may cost ("Throttling" section; docs/operations.md).
/// Failed authentications are counted per source address (IPv6 by /64) and per AccessKeyId in
/// one-minute windows; past a limit the caller gets Throttling.User (429). 0 turns a limit off.
/// </summary>
public sealed class ThrottlingOptions
{
    public const string SectionName = "Throttling";

    /// <summary>Failed authentications one source address may cause per minute before its requests are refused unchecked.</summary>
    [Range(0, int.MaxValue)]
    public int FailuresPerSourcePerMinute { get; set; } = 600;

    /// <summary>
    /// Failed authentications per AccessKeyId per minute before further failures for it are
    /// answered Throttling.User. A request whose signature holds is never refused by this limit,
    /// so nobody can lock a key's owner out by failing with its AccessKeyId.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int FailuresPerAccessKeyIdPerMinute { get; set; } = 600;

    /// <summary>
    /// Store look-ups per second (per node) for well-formed AccessKeyIds this node does not know.
    /// Known ids are loaded at start and kept by the change feed, so only a key created a moment
    /// ago on another node, or written by a tool beside a running server, needs one; past this
    /// budget an unknown id is answered InvalidAccessKeyId.NotFound without a look-up.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int UnknownAccessKeyIdLookupsPerSecond { get; set; } = 20;
}
