namespace Latchkey.Core.KeyGuard;

/// <summary>
/// One report that a key's id or secret was found in public: where it came from
/// (<see cref="Source"/>: <c>github</c> for the secret-scanning intake, else what the operator
/// named), where it was found, and what was done. Never holds the leaked secret itself.
/// </summary>
public sealed record LeakReport(
    string ReportId,
    string AccessKeyId,
    string AccountId,
    DateTimeOffset ReportedAt,
    string Source,
    string Url,
    LeakAction Action);
