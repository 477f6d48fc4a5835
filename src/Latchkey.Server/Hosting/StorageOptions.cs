namespace Latchkey.Server.Hosting;

/// <summary>Which database holds the state ("Storage" section).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (default, one node, file in <see cref="DataDirectory"/>) or PostgreSql (<see cref="ConnectionString"/>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The data folder: the SQLite database and, unless configured elsewhere, the master key file.</summary>
    public string DataDirectory { get; set; } = "./latchkey-data";

    /// <summary>The Npgsql connection string when <see cref="Provider"/> is PostgreSql.</summary>
    public string? ConnectionString { get; set; }
}
