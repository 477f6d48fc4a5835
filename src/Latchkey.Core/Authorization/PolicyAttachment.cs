namespace Latchkey.Core.Authorization;

/// <summary>A system policy attached to a RAM user (AdministratorAccess, AliyunRAMFullAccess, ...).</summary>
public sealed record PolicyAttachment(string AccountId, string UserId, string PolicyName, string PolicyType, DateTimeOffset AttachDate);
