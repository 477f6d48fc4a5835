using Latchkey.Core.Audit;

namespace Latchkey.Core.Reports;

/// <summary>The newest credential report of each account (IMS GenerateCredentialReport / GetCredentialReport).</summary>
public interface ICredentialReportStore
{
    /// <summary>Stores the report, replacing the account's previous one, with its audit event, in one transaction.</summary>
    Task SaveCredentialReportAsync(CredentialReport report, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The account's newest report, or null when none was generated.</summary>
    Task<CredentialReport?> FindCredentialReportAsync(string accountId, CancellationToken cancellationToken);
}
