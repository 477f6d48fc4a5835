using Latchkey.Core.Audit;
using Latchkey.Core.Reports;

namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<string, CredentialReport> _credentialReports = new(StringComparer.Ordinal);

    public Task SaveCredentialReportAsync(CredentialReport report, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _credentialReports[report.AccountId] = report;
            AddAudit(audit);
            return Task.CompletedTask;
        }
    }

    public Task<CredentialReport?> FindCredentialReportAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_credentialReports.GetValueOrDefault(accountId));
        }
    }
}
