namespace Latchkey.Core.Sts;

/// <summary>
/// What a SecurityToken carries, sealed: the temporary AccessKeyId it belongs to, the role and
/// session, when it was issued and expires, the session policy as given (at most 2048
/// characters), the source identity and who assumed the role. Never the secret: that is derived
/// from the AccessKeyId under the same master key version.
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
    string? SessionPolicy,
    string AssumedBy);
