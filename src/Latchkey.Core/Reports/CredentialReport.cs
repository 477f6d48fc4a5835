namespace Latchkey.Core.Reports;

/// <summary>An account's stored credential report: the whole CSV (no secrets in it) and when it was built.</summary>
public sealed record CredentialReport(string AccountId, DateTimeOffset GeneratedTime, string Csv);
