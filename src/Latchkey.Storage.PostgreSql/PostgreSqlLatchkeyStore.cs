using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Latchkey.Core;
using Latchkey.Core.Audit;
using Npgsql;

namespace Latchkey.Storage.PostgreSql;

/// <summary>
/// The store for production and many nodes. Every change is one READ COMMITTED transaction that
/// writes its audit event; limits are enforced by locking the owner row (the RAM user, or the
/// account for account keys and for users) and then counting and inserting in one statement, so
/// concurrent adds on any number of nodes queue on that row lock.
/// </summary>
public sealed partial class PostgreSqlLatchkeyStore : ILatchkeyStore, IAsyncDisposable, IDisposable
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

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Every caller passes a constant SQL text; values go in parameters.")]
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static bool IsUniqueViolation(PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == constraint;

    private static bool IsForeignKeyViolation(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    private static Task<int> InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO audit_events (event_id, account_id, time, actor_principal_id, actor_access_key_id,
                event_name, resource_type, resource_name, source_ip, request_id, details)
            VALUES (@event_id, @account_id, @time, @actor, @actor_key::text, @name, @type, @resource, @ip, @request, @details)
            """,
            cancellationToken,
            ("@event_id", audit.EventId),
            ("@account_id", audit.AccountId),
            ("@time", Ticks.From(audit.Time)),
            ("@actor", audit.ActorPrincipalId),
            ("@actor_key", audit.ActorAccessKeyId),
            ("@name", audit.EventName),
            ("@type", audit.ResourceType),
            ("@resource", audit.ResourceName),
            ("@ip", audit.SourceIp),
            ("@request", audit.RequestId),
            ("@details", audit.Details));
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTicks(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Ticks.To(reader.GetInt64(ordinal));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
