namespace Latchkey.Core.Policies;

/// <summary>A policy as ListPoliciesForUser / ListPoliciesForGroup show it.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset AttachDate);
