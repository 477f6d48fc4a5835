namespace Latchkey.Storage;

/// <summary>One numbered SQL file, Migrations/NNNN_name.sql, embedded in an adapter assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql);
