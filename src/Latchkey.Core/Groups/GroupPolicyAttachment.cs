namespace Latchkey.Core.Groups;

/// <summary>A policy (System or Custom) attached to a group.</summary>
public sealed record GroupPolicyAttachment(string AccountId, string GroupId, string PolicyName, string PolicyType, DateTimeOffset AttachDate);
