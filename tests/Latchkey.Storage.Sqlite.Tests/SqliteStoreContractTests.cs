using Latchkey.Core;
using Latchkey.Storage.Contract;
using Microsoft.Data.Sqlite;

namespace Latchkey.Storage.Sqlite.Tests;

/// <summary>The store contract on a real SQLite file in a fresh temp folder per test.</summary>
public sealed class SqliteStoreContractTests : SqlStoreContractTests
{
    private readonly List<SqliteLatchkeyStore> _stores = [];
    private string _folder = string.Empty;

    private string DatabasePath => Path.Combine(_folder, SqliteLatchkeyStore.DatabaseFileName);

    private string RawConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath, ForeignKeys = true, Pooling = false }.ToString();

    [Fact]
    public async Task The_database_file_is_in_WAL_mode_with_every_migration_recorded_once()
    {
        await using var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations ORDER BY version)";
        // Every embedded migration, whoever added it, recorded once and in order.
        var expected = string.Join(",", Latchkey.Storage.MigrationRunner.Embedded(typeof(SqliteLatchkeyStore).Assembly, "Latchkey.Storage.Sqlite.Migrations.").Select(m => m.Version).Order());
        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenDataFolder_creates_an_owner_only_folder_and_latchkey_db()
    {
        var folder = Path.Combine(_folder, "data", "nested");
        using var store = SqliteLatchkeyStore.OpenDataFolder(folder);
        await store.MigrateAsync(CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(folder, "latchkey.db")));
        Assert.Equal(Path.Combine(folder, "latchkey.db"), store.DatabasePath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
    }

    [Fact]
    public async Task Reads_on_kept_connections_see_every_commit_and_hold_no_read_transaction_between_calls()
    {
        var account = await AddAccountAsync();
        var first = TestData.Key(account.AccountId, null, "first-secret");
        Assert.True((await Store.AddAccessKeyAsync(first, 5, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);

        // Several reads at once, so more than one kept connection (read session) serves them.
        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.ListAccessKeysAsync(account.AccountId, null, None))));
        Assert.All(reads, keys => Assert.Equal([first.Key.AccessKeyId], keys.Select(k => k.AccessKeyId)));
        Assert.NotNull(await Store.FindAccessKeyAsync(first.Key.AccessKeyId, None));

        // Another writer (another store on the file, as a second process would be) commits: the
        // kept connections see it at once.
        var second = TestData.Key(account.AccountId, null, "second-secret");
        Assert.True((await OtherNode.AddAccessKeyAsync(second, 5, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
        Assert.True((await OtherNode.DeleteAccessKeyAsync(first.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.Equal([second.Key.AccessKeyId], (await Store.ListAccessKeysAsync(account.AccountId, null, None)).Select(k => k.AccessKeyId));
        Assert.Null(await Store.FindAccessKeyAsync(first.Key.AccessKeyId, None));
        Assert.NotNull(await Store.FindAccessKeyAsync(second.Key.AccessKeyId, None));

        // Between calls no kept connection is inside a read transaction: a full checkpoint can
        // move and truncate the whole WAL (a reader left open would make it report busy).
        await using var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal(0L, result.GetInt64(0));
    }

    [Fact]
    public async Task A_connection_that_dies_inside_a_transaction_leaves_no_half_written_key()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, null, "PlainSecret-never-committed");

        // A writer inserts the key row and its secret, then its connection goes away without
        // COMMIT (a crashed process): SQLite rolls the transaction back.
        var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext) VALUES ($id, $a, NULL, 'Active', 0, 0, 1, $s)";
            insert.Parameters.AddWithValue("$id", key.Key.AccessKeyId);
            insert.Parameters.AddWithValue("$a", account.AccountId);
            insert.Parameters.AddWithValue("$s", key.Secret.Ciphertext);
            await insert.ExecuteNonQueryAsync();
        }

        await connection.DisposeAsync();
        Assert.Null(await Store.FindAccessKeyAsync(key.Key.AccessKeyId, CancellationToken.None));
        Assert.Empty(await Store.ListAccessKeysAsync(account.AccountId, null, CancellationToken.None));
        GC.KeepAlive(transaction);
    }

    protected override Task CreateDatabaseAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "latchkey-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    protected override Task DropDatabaseAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override Task<ILatchkeyStore> OpenStoreAsync()
    {
        var store = new SqliteLatchkeyStore(new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString());
        _stores.Add(store);
        return Task.FromResult<ILatchkeyStore>(store);
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(RawConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The .db file and the -wal file as they lie on disk while the store is open (before any checkpoint).</summary>
    protected override async Task<IReadOnlyList<byte[]>> ReadRawStorageAsync()
    {
        var wal = DatabasePath + "-wal";
        Assert.True(File.Exists(wal), "the store writes through a WAL file");
        var files = new List<byte[]> { await ReadSharedAsync(DatabasePath), await ReadSharedAsync(wal) };
        Assert.NotEmpty(files[1]);

        // And once more after the WAL is checkpointed into the main file.
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        await ExecuteRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        files.Add(await ReadSharedAsync(DatabasePath));
        return files;
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
