namespace Latchkey.Core.Groups;

/// <summary>A user in a group since <see cref="JoinDate"/>.</summary>
public sealed record GroupMembership(RamGroup Group, string UserId, string UserName, string DisplayName, DateTimeOffset JoinDate);
