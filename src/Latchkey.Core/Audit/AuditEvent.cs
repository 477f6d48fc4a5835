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
    string Details);
