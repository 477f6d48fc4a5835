using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>The write shapes the shared stores repeat, once.</summary>
public static class SqlChange
{
    /// <summary>
    /// A change of one statement with its audit event, in one write transaction;
    /// <paramref name="noRow"/> (and nothing written) when the statement touches no row.
    /// </summary>
    public static async Task<Result> RunAsync(IPolicySqlDialect dialect, string sql, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters) == 0)
        {
            return noRow;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    /// <summary>" FOR SHARE" where the database has row locks: keeps a row (a policy, a group) from being deleted until commit; empty on SQLite.</summary>
    public static string ForShare(this IPolicySqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.ForUpdate.Length == 0 ? "" : " FOR SHARE";
    }
}
