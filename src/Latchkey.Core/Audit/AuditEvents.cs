namespace Latchkey.Core.Audit;

/// <summary>Builds the audit event a mutating service call hands to its store call.</summary>
internal static class AuditEvents
{
    public static AuditEvent Create(AuditContext ctx, TimeProvider time, string eventName, string resourceType, string resourceName, string details = "")
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return Create(ctx.Actor.AccountId, ctx.Actor.PrincipalId, ctx.Actor.AccessKeyId, ctx.SourceIp, ctx.RequestId, time, eventName, resourceType, resourceName, details);
    }

    public static AuditEvent Create(
        string accountId,
        string actorPrincipalId,
        string? actorAccessKeyId,
        string sourceIp,
        string requestId,
        TimeProvider time,
        string eventName,
        string resourceType,
        string resourceName,
        string details = "")
    {
        var now = time.GetUtcNow();
        return new AuditEvent(
            Guid.CreateVersion7(now).ToString("N"),
            accountId,
            now,
            actorPrincipalId,
            actorAccessKeyId,
            eventName,
            resourceType,
            resourceName,
            sourceIp ?? "",
            requestId ?? "",
            details);
    }
}
