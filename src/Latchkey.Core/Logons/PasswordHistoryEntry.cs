namespace Latchkey.Core.Logons;

/// <summary>
/// A password a RAM user had, as its salted hash; <see cref="Initial"/> when an administrator set it
/// (CreateLoginProfile, UpdateLoginProfile) rather than the user itself.
/// </summary>
public sealed record PasswordHistoryEntry(string PasswordHash, DateTimeOffset SetDate, bool Initial);
