namespace Latchkey.Core;

/// <summary>
/// Where the master key that encrypts AccessKey secrets comes from: <see cref="Key"/> when set
/// (environment LATCHKEY_MasterKey__Key), else the file <see cref="KeyFile"/> (default
/// <c>&lt;DataDirectory&gt;/master.key</c>), created with owner-only permissions on first start.
/// </summary>
public sealed class MasterKeyOptions
{
    public const string SectionName = "MasterKey";

    public string DataDirectory { get; set; } = "./latchkey-data";

    public string? KeyFile { get; set; }

    /// <summary>A base64 32-byte key (version 1), or <c>version:base64</c> entries separated by ';'.</summary>
    public string? Key { get; set; }

    public string ResolveKeyFile() => KeyFile is { Length: > 0 } file ? file : Path.Combine(DataDirectory, "master.key");
}
