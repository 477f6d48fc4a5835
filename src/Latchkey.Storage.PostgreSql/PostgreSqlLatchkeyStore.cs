using Latchkey.Core;
using Npgsql;

namespace Latchkey.Storage.PostgreSql;

/// <summary>
/// The store for production and many nodes. Every change is one READ COMMITTED transaction that
/// writes its audit event; limits are enforced by locking the owner row (the RAM user, or the
/// account for account keys and for users) and then counting and inserting in one statement, so
/// concurrent adds on any number of nodes queue on that row lock.
/// </summary>
public sealed partial class PostgreSqlLatchkeyStore : SqlLatchkeyStore, ILatchkeyStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Opens the store on an Npgsql connection string (Host=...;Database=...;Username=...).</summary>
    public PostgreSqlLatchkeyStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    /// <summary>Uses a data source owned by the caller (the host's DI container).</summary>
    public PostgreSqlLatchkeyStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _ownsDataSource = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    private static bool IsUniqueViolation(PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == constraint;

    private static bool IsForeignKeyViolation(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;
}
