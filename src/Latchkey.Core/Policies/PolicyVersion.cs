namespace Latchkey.Core.Policies;

/// <summary>One version of a custom policy; the document is kept exactly as it was received.</summary>
public sealed record PolicyVersion(string VersionId, bool IsDefaultVersion, string PolicyDocument, DateTimeOffset CreateDate);
