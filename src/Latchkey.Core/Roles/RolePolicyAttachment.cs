namespace Latchkey.Core.Roles;

/// <summary>A policy (System or Custom) attached to a RAM role.</summary>
public sealed record RolePolicyAttachment(string AccountId, string RoleId, string PolicyName, string PolicyType, DateTimeOffset AttachDate);
