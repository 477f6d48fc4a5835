using Latchkey.Core.Policies;

namespace Latchkey.Core.Authorization;

/// <summary>One shipped system policy: its only version is its default.</summary>
public sealed record SystemPolicy(
    string PolicyName,
    string Description,
    string DefaultVersion,
    string Document,
    CompiledPolicy Compiled,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate);
