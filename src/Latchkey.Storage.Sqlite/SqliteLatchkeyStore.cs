using System.Data;
using Latchkey.Core;
using Microsoft.Data.Sqlite;

namespace Latchkey.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with foreign keys on. Every write runs in a
/// BEGIN IMMEDIATE transaction, so writers on any number of store instances (and processes)
/// sharing the file are serialised by SQLite's write lock; limits are conditional inserts inside
/// that transaction and every change writes its audit event in it.
/// </summary>
public sealed partial class SqliteLatchkeyStore : SqlLatchkeyStore, ILatchkeyStore, IDisposable
{
    /// <summary>The file name inside a data folder.</summary>
    public const string DatabaseFileName = "latchkey.db";

    private const int BusyTimeoutMilliseconds = 30_000;

    private const int UniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int PrimaryKeyViolation = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const int ForeignKeyViolation = 787; // SQLITE_CONSTRAINT_FOREIGNKEY

    private readonly string _connectionString;

    /// <summary>Opens the store on an ADO.NET connection string (Data Source=path/to/latchkey.db).</summary>
    public SqliteLatchkeyStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        if (builder.Mode is SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ArgumentException("The SQLite store needs a database file.", nameof(connectionString));
        }

        _connectionString = builder.ToString();
        DatabasePath = Path.GetFullPath(builder.DataSource);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens the store on &lt;folder&gt;/latchkey.db, creating the folder when missing.</summary>
    public static SqliteLatchkeyStore OpenDataFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            // The database holds encrypted secrets and password hashes: keep other users out.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, DatabaseFileName) };
        return new SqliteLatchkeyStore(builder.ToString());
    }

    /// <summary>Closes the pooled connections of this database (the last close checkpoints the WAL).</summary>
    public void Dispose()
    {
        DisposeReadSessions();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite's own busy handler, set on the handle directly: the same as
            // "PRAGMA busy_timeout", without preparing and running a statement on every open of a
            // pooled connection (it was half the statements of a store read).
            var rc = SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: takes the database's write lock up front, so the transaction never upgrades (and never deadlocks).</summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);

    private static bool IsUniqueViolation(SqliteException exception, string constraint) =>
        exception.SqliteExtendedErrorCode is UniqueViolation or PrimaryKeyViolation
        && exception.Message.Contains(constraint, StringComparison.Ordinal);
}
