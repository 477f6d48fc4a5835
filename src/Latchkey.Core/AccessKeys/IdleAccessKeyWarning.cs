namespace Latchkey.Core.AccessKeys;

/// <summary>
/// An idle key was warned at <see cref="WarnedAt"/> that it will be disabled; the warning holds
/// while the key stays idle since <see cref="IdleSince"/> (a use or a status change starts anew).
/// </summary>
public sealed record IdleAccessKeyWarning(string AccessKeyId, string AccountId, DateTimeOffset IdleSince, DateTimeOffset WarnedAt);
