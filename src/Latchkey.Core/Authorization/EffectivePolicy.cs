using Latchkey.Core.Policies;

namespace Latchkey.Core.Authorization;

/// <summary>
/// One policy that applies to a RAM user, compiled: attached to the user itself (RamUser) or to
/// one of its groups (RamGroup). <see cref="PolicyVersion"/> is the default version evaluated.
/// </summary>
public sealed record EffectivePolicy(
    string PolicyName,
    string PolicyType,
    string PolicyVersion,
    string AttachedEntityType,
    CompiledPolicy Compiled);
