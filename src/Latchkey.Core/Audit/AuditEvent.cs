namespace Latchkey.Core.Audit;

/// <summary>
/// One recorded change. <see cref="EventName"/> is the action (CreateAccessKey, UpdateUser, ...);
/// <see cref="ResourceName"/> names what changed (a UserName, an AccessKeyId). Never a secret or
/// a password; <see cref="Details"/> is short public text.
/// </summary>
public sealed record AuditEvent(
    string EventId,
    string AccountId,
    DateTimeOffset Time,
    string ActorPrincipalId,
    string? ActorAccessKeyId,
    string EventName,
    string ResourceType,
    string ResourceName,
    string SourceIp,
    string RequestId,
    string Details)
{
    /// <summary>
    /// The change alters the account's compiled permissions (a policy attached, a group joined, the
    /// account's AccessKey preference...): the store appends <c>permissions:&lt;AccountId&gt;</c> to
    /// the change log in the change's own transaction, so no node misses it even when the process
    /// stops right after the commit (<see cref="Authorization.PermissionChanges"/>).
    /// </summary>
    public bool ChangesPermissions { get; init; }
}
