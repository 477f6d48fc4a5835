namespace Latchkey.Core.AccessKeys;

/// <summary>One Active RAM-user key in the idle-key report: how long it has been idle, what the next run does, and why.</summary>
public sealed record IdleAccessKeyReportEntry(
    string AccessKeyId,
    string AccountId,
    string UserId,
    string UserName,
    DateTimeOffset? LastUsedDate,
    DateTimeOffset IdleSince,
    int IdleDays,
    int MaxIdleDays,
    DateTimeOffset? WarnedAt,
    DateTimeOffset DisableOn,
    IdleAccessKeyAction Action,
    string Reason);
