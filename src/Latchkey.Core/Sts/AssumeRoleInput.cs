namespace Latchkey.Core.Sts;

/// <summary>STS AssumeRole's parameters as sent (spec ram-roles-sts-mfa.md §3.1); validated by <see cref="StsService"/>.</summary>
public sealed record AssumeRoleInput(string? RoleArn, string? RoleSessionName, int? DurationSeconds, string? Policy, string? ExternalId, string? SourceIdentity);
