using System.Data.Common;

namespace Latchkey.Storage;

/// <summary>
/// One result row, read by ordinal: what the <see cref="Rows"/> mappers need of a row, so that a
/// row read without ADO.NET (SQLite's prepared request-path reads) maps through the same code.
/// Implemented by structs, so a generic mapper is specialised per row kind and boxes nothing.
/// </summary>
public interface IRow
{
    /// <summary>How many columns the row has.</summary>
    int FieldCount { get; }

    /// <summary>Whether the column holds SQL NULL.</summary>
    bool IsDBNull(int ordinal);

    /// <summary>The column as text.</summary>
    string GetString(int ordinal);

    /// <summary>The column as a 64-bit integer.</summary>
    long GetInt64(int ordinal);

    /// <summary>The column as a 32-bit integer.</summary>
    int GetInt32(int ordinal);

    /// <summary>The column's bytes, copied.</summary>
    byte[] GetBytes(int ordinal);
}

/// <summary>The current row of an ADO.NET reader.</summary>
public readonly struct DbRow(DbDataReader reader) : IRow
{
    public int FieldCount => reader.FieldCount;

    public bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetString(int ordinal) => reader.GetString(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public byte[] GetBytes(int ordinal) => reader.GetFieldValue<byte[]>(ordinal);
}
