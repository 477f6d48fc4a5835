namespace Latchkey.Core.Policies;

/// <summary>
/// A custom policy of an account (PolicyType Custom). <see cref="AttachmentCount"/> is the number
/// of users and groups it is attached to, filled in by the store on reads.
/// </summary>
public sealed record CustomPolicy(
    string AccountId,
    string PolicyName,
    string Description,
    string DefaultVersion,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    int AttachmentCount = 0);
