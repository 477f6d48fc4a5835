using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Latchkey.Storage.Sqlite;

public sealed partial class SqliteLatchkeyStore
{
    // Enough for every request thread of a busy node; more are opened when needed and closed after.
    private static readonly int MaxIdleReadSessions = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentBag<ReadSession> _readSessions = [];
    private volatile bool _disposed;

    /// <summary>
    /// Runs a read of the request path (key look-ups, ListAccessKeys) on a connection kept open
    /// with its statements prepared once: Microsoft.Data.Sqlite prepares a command's SQL again on
    /// every new command, which was the largest part of a store read. Each session serves one read
    /// at a time; a read that throws closes its session instead of returning it. In WAL mode every
    /// statement sees the latest committed data, as on a freshly opened connection.
    /// </summary>
    private async Task<T> ReadAsync<TState, T>(TState state, Func<ReadSession, TState, T> read, CancellationToken cancellationToken)
    {
        var session = _readSessions.TryTake(out var idle) ? idle : new ReadSession(await OpenAsync(cancellationToken));
        T result;
        try
        {
            result = read(session, state);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        if (_disposed || _readSessions.Count >= MaxIdleReadSessions)
        {
            session.Dispose();
        }
        else
        {
            _readSessions.Add(session);
            if (_disposed && _readSessions.TryTake(out var late))
            {
                late.Dispose();
            }
        }

        return result;
    }

    private void DisposeReadSessions()
    {
        _disposed = true;
        while (_readSessions.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    /// <summary>An open connection and the statements prepared on it, by SQL text (always a constant).</summary>
    private sealed class ReadSession(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

        /// <summary>The prepared statement for <paramref name="sql"/>, ready to bind; dispose it to reset it.</summary>
        public PreparedRead Statement(string sql)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                var rc = raw.sqlite3_prepare_v3(connection.Handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement);
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
                _statements.Add(sql, statement);
            }

            return new PreparedRead(connection.Handle!, statement);
        }

        public void Dispose()
        {
            // Statements first: a pooled connection must not keep them.
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            connection.Dispose();
        }
    }

    /// <summary>
    /// One use of a prepared statement: bind, step through the rows, read the current one through
    /// <see cref="Row"/>. Dispose resets the statement, which ends its read transaction (a
    /// statement left mid-result would hold its WAL snapshot) and clears the bindings.
    /// </summary>
    private readonly struct PreparedRead(sqlite3 connection, sqlite3_stmt statement) : IDisposable
    {
        public StatementRow Row => new(statement);

        public void BindText(int index, string? value)
        {
            var rc = value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text16(statement, index, value);
            SqliteException.ThrowExceptionForRC(rc, connection);
        }

        /// <summary>True when a row is ready; false at the end. SQLite's busy handler (set on the connection) waits out a busy database first.</summary>
        public bool Step()
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                return true;
            }

            if (rc == raw.SQLITE_DONE)
            {
                return false;
            }

            SqliteException.ThrowExceptionForRC(rc, connection);
            return false;
        }

        public void Dispose()
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    /// <summary>The current row of a stepped statement.</summary>
    private readonly struct StatementRow(sqlite3_stmt statement) : IRow
    {
        public int FieldCount => raw.sqlite3_column_count(statement);

        public bool IsDBNull(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_NULL;

        public string GetString(int ordinal) => raw.sqlite3_column_text(statement, ordinal).utf8_to_string();

        public long GetInt64(int ordinal) => raw.sqlite3_column_int64(statement, ordinal);

        public int GetInt32(int ordinal) => raw.sqlite3_column_int(statement, ordinal);

        public byte[] GetBytes(int ordinal) => raw.sqlite3_column_blob(statement, ordinal).ToArray();
    }
}
