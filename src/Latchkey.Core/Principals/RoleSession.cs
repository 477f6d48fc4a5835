using Latchkey.Core.Policies;

namespace Latchkey.Core.Principals;

/// <summary>
/// What a request signed with temporary credentials (STS AssumeRole) acts as: a session of a role,
/// read from its sealed SecurityToken. <see cref="SessionPolicy"/>, when the session was given one,
/// narrows what the role's policies allow.
/// </summary>
public sealed record RoleSession(
    string RoleId,
    string RoleName,
    string RoleSessionName,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    string? SourceIdentity,
    CompiledPolicy? SessionPolicy);
