namespace Latchkey.Core.Groups;

/// <summary>A RAM user group: its policies apply to every member.</summary>
public sealed record RamGroup(
    string AccountId,
    string GroupId,
    string GroupName,
    string Comments,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate);
