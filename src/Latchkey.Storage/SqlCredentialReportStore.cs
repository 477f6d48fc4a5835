using Latchkey.Core.Audit;
using Latchkey.Core.Reports;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>The latest credential report of each account, once for both databases.</summary>
public sealed class SqlCredentialReportStore(IPolicySqlDialect dialect) : ICredentialReportStore
{
    public async Task SaveCredentialReportAsync(CredentialReport report, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO credential_reports (account_id, generated_at, content) VALUES (@a, @at, @content)
            ON CONFLICT (account_id) DO UPDATE SET generated_at = excluded.generated_at, content = excluded.content
            """,
            cancellationToken,
            ("@a", report.AccountId),
            ("@at", Ticks.From(report.GeneratedTime)),
            ("@content", report.Csv));
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<CredentialReport?> FindCredentialReportAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT account_id, generated_at, content FROM credential_reports WHERE account_id = @a", ("@a", accountId));
        return await ReadSingleAsync(command, reader => new CredentialReport(reader.GetString(0), Ticks.To(reader.GetInt64(1)), reader.GetString(2)), cancellationToken);
    }
}
