namespace Latchkey.Core.Authorization;

/// <summary>A policy (System or Custom) attached to a RAM user.</summary>
public sealed record PolicyAttachment(string AccountId, string UserId, string PolicyName, string PolicyType, DateTimeOffset AttachDate);
