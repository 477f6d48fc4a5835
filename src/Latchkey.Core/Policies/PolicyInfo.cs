namespace Latchkey.Core.Policies;

/// <summary>A policy as GetPolicy and ListPolicies show it, System or Custom alike.</summary>
public sealed record PolicyInfo(
    string PolicyName,
    string PolicyType,
    string Description,
    string DefaultVersion,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    int AttachmentCount);
