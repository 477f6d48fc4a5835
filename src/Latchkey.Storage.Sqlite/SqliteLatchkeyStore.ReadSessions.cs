using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

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
    private async Task<T> ReadAsync<T>(Func<ReadSession, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var session = _readSessions.TryTake(out var idle) ? idle : new ReadSession(await OpenAsync(cancellationToken));
        T result;
        try
        {
            result = await read(session, cancellationToken);
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

    /// <summary>An open connection and the commands prepared on it, by SQL text (always a constant).</summary>
    private sealed class ReadSession(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        /// <summary>The prepared command for <paramref name="sql"/> with its parameters' values set.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Every caller passes a constant SQL text; values go in parameters.")]
        public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                command.Prepare();
                _commands.Add(sql, command);
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
