using System.Text;
using Latchkey.Core;
using Latchkey.Storage.Contract;
using Npgsql;

namespace Latchkey.Storage.PostgreSql.Tests;

/// <summary>
/// The store contract on the real PostgreSQL named by LATCHKEY_TEST_POSTGRES, in a fresh schema
/// per test. Fails when the variable is unset: these tests are never skipped.
/// </summary>
public sealed class PostgreSqlStoreContractTests : SqlStoreContractTests
{
    private readonly List<PostgreSqlLatchkeyStore> _stores = [];
    private string _baseConnectionString = string.Empty;
    private string _schema = string.Empty;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = _schema }.ToString();

    [Fact]
    public async Task Every_migration_is_recorded_once_after_concurrent_starts()
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", connection);
        // Every embedded migration, whoever added it, recorded once and in order.
        var expected = string.Join(",", Latchkey.Storage.MigrationRunner.Embedded(typeof(PostgreSqlLatchkeyStore).Assembly, "Latchkey.Storage.PostgreSql.Migrations.").Select(m => m.Version).Order());
        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_backend_killed_inside_its_transaction_leaves_no_half_written_key()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, null, "PlainSecret-never-committed");

        // A node inserts the key row with its secret and dies before COMMIT.
        var doomed = await OpenRawAsync(pooling: false);
        var transaction = await doomed.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext) VALUES (@id, @a, NULL, 'Active', 0, 0, 1, @s)",
            doomed,
            transaction))
        {
            insert.Parameters.AddWithValue("id", key.Key.AccessKeyId);
            insert.Parameters.AddWithValue("a", account.AccountId);
            insert.Parameters.AddWithValue("s", key.Secret.Ciphertext);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var kill = await OpenRawAsync())
        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", kill))
        {
            terminate.Parameters.AddWithValue("pid", doomed.ProcessID);
            Assert.True((bool)(await terminate.ExecuteScalarAsync())!);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitAsync());
        await doomed.DisposeAsync();
        Assert.Null(await Store.FindAccessKeyAsync(key.Key.AccessKeyId, CancellationToken.None));
        Assert.Empty(await Store.ListAccessKeysAsync(account.AccountId, null, CancellationToken.None));
    }

    [Fact]
    public async Task AddAccessKeyAsync_cancelled_while_it_waits_for_the_owner_lock_writes_nothing()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);

        // Another node holds the user's row lock (as a concurrent add would).
        await using var holder = await OpenRawAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var lockUser = new NpgsqlCommand("SELECT 1 FROM ram_users WHERE user_id = @u FOR NO KEY UPDATE", holder, held))
        {
            lockUser.Parameters.AddWithValue("u", user.UserId);
            await lockUser.ExecuteScalarAsync();
        }

        using var cancellation = new CancellationTokenSource();
        var key = TestData.Key(account.AccountId, user.UserId, "PlainSecret-cancelled");
        var adding = Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), cancellation.Token);
        await WaitForLockWaiterAsync(holder);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adding);
        await held.RollbackAsync();

        Assert.Null(await Store.FindAccessKeyAsync(key.Key.AccessKeyId, CancellationToken.None));
        var audit = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, CancellationToken.None)).Value;
        Assert.DoesNotContain(audit.Items, e => e.ResourceName == key.Key.AccessKeyId);
    }

    protected override async Task CreateDatabaseAsync()
    {
        _baseConnectionString = Environment.GetEnvironmentVariable("LATCHKEY_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("LATCHKEY_TEST_POSTGRES is not set; point it at a PostgreSQL server (see scripts/test.sh).");
        _schema = "contract_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DropDatabaseAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task<ILatchkeyStore> OpenStoreAsync()
    {
        var store = new PostgreSqlLatchkeyStore(ConnectionString);
        _stores.Add(store);
        return Task.FromResult<ILatchkeyStore>(store);
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of every table of the schema, as PostgreSQL prints it.</summary>
    protected override async Task<IReadOnlyList<byte[]>> ReadRawStorageAsync()
    {
        await using var connection = await OpenRawAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s", connection))
        {
            list.Parameters.AddWithValue("s", _schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("access_keys", tables);
        Assert.Contains("login_profiles", tables);
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return [Encoding.UTF8.GetBytes(dump.ToString())];
    }

    private async Task<NpgsqlConnection> OpenRawAsync(bool pooling = true)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = pooling }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Polls pg_locks until some backend waits for a lock held by <paramref name="holder"/>.</summary>
    private static async Task WaitForLockWaiterAsync(NpgsqlConnection holder)
    {
        await using var watcher = new NpgsqlConnection(holder.ConnectionString);
        await watcher.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid))", watcher);
        query.Parameters.AddWithValue("pid", holder.ProcessID);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await query.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
