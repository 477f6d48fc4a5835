using Latchkey.Core.Audit;
using Latchkey.Core.Reports;

namespace Latchkey.Storage.Sqlite;

/// <summary>Credential reports: the behaviour is <see cref="SqlCredentialReportStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlCredentialReportStore? _credentialReportsStore;

    private SqlCredentialReportStore CredentialReports => _credentialReportsStore ??= new SqlCredentialReportStore(Dialect);

    public Task SaveCredentialReportAsync(CredentialReport report, AuditEvent audit, CancellationToken cancellationToken) =>
        CredentialReports.SaveCredentialReportAsync(report, audit, cancellationToken);

    public Task<CredentialReport?> FindCredentialReportAsync(string accountId, CancellationToken cancellationToken) =>
        CredentialReports.FindCredentialReportAsync(accountId, cancellationToken);
}
