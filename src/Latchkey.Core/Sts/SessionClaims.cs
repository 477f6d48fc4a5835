namespace Latchkey.Core.Sts;

/// <summary>
/// What a SecurityToken carries, sealed: the temporary AccessKeyId it belongs to, the role and
/// session, when it was issued and expires, the session policy as given (at most 2048
/// characters) and the source identity. Never the secret: that is derived from the AccessKeyId
/// under the same master key version. Who assumed the role is in the AssumeRole audit event (by
/// this AccessKeyId), not in the token, which every request carries.
/// </summary>
public sealed record SessionClaims(
    string AccessKeyId,
    string AccountId,
    string RoleId,
    string RoleName,
    string RoleSessionName,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    string? SourceIdentity,
    string? SessionPolicy);
