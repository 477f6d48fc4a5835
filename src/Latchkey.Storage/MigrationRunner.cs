using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Latchkey.Storage;

/// <summary>
/// Applies an adapter's embedded migrations forward only, in number order, each recorded in
/// schema_migrations. The adapter opens the connection and begins the transaction with its own
/// lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: pg_advisory_xact_lock), hands over its SQL for the
/// bookkeeping table, and commits afterwards; this class does the part that is the same.
/// </summary>
public static class MigrationRunner
{
    /// <summary>
    /// Inside <paramref name="transaction"/>: creates schema_migrations with
    /// <paramref name="createTableSql"/>, reads the applied versions, runs every missing migration
    /// and records it with <paramref name="recordSql"/> (parameters <c>{prefix}version</c> and
    /// <c>{prefix}name</c>).
    /// </summary>
    public static async Task ApplyPendingAsync(
        DbConnection connection,
        DbTransaction transaction,
        IEnumerable<Migration> migrations,
        string createTableSql,
        string recordSql,
        char parameterPrefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await DbCommands.ExecuteAsync(connection, transaction, createTableSql, cancellationToken);

        HashSet<int> applied;
        await using (var command = DbCommands.Command(connection, transaction, "SELECT version FROM schema_migrations"))
        {
            applied = [.. await DbCommands.ReadListAsync(command, reader => reader.GetInt32(0), cancellationToken)];
        }

        var versionName = string.Concat(new ReadOnlySpan<char>(in parameterPrefix), "version");
        var nameName = string.Concat(new ReadOnlySpan<char>(in parameterPrefix), "name");
        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await DbCommands.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await DbCommands.ExecuteAsync(connection, transaction, recordSql, cancellationToken, (versionName, migration.Version), (nameName, migration.Name));
        }
    }

    /// <summary>
    /// The resources <c>{resourcePrefix}NNNN_name.sql</c> of <paramref name="assembly"/>, sorted
    /// by number (the name keeps the number: "0001_initial").
    /// </summary>
    public static List<Migration> Embedded(Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..^".sql".Length].TrimStart('_');
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(underscore > 0 ? name[..underscore] : name, NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, name, ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Missing resource {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
