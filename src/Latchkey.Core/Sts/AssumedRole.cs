using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Sts;

/// <summary>What AssumeRole returns: temporary credentials (the secret shown only in this response) and the assumed-role user.</summary>
public sealed record AssumedRole(
    string AccessKeyId,
    AccessKeySecret AccessKeySecret,
    string SecurityToken,
    DateTimeOffset Expiration,
    string AssumedRoleUserArn,
    string AssumedRoleId,
    string? SourceIdentity);
