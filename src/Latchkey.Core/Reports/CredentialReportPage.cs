namespace Latchkey.Core.Reports;

/// <summary>One page of a report: its header line and up to MaxItems rows, as CSV text.</summary>
public sealed record CredentialReportPage(string Csv, DateTimeOffset GeneratedTime, bool IsTruncated, string? NextToken);
