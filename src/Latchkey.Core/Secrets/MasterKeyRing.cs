using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;

namespace Latchkey.Core.Secrets;

/// <summary>
/// The master keys by version. New secrets are encrypted under <see cref="CurrentVersion"/>;
/// older versions stay so that rows not yet re-encrypted still decrypt. File format
/// (<c>master.key</c>): one JSON object per line, <c>{"version":1,"key":"&lt;base64 32 bytes&gt;"}</c>.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeySize = 32;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lock _lock = new();
    private readonly string? _filePath;
    private FrozenDictionary<int, byte[]> _keys;

    private MasterKeyRing(IDictionary<int, byte[]> keys, string? filePath)
    {
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("A master key ring needs at least one key.");
        }

        foreach (var (version, key) in keys)
        {
            if (version < 1 || key.Length != KeySize)
            {
                throw new InvalidOperationException($"Master key version {version} is invalid: versions start at 1 and keys are {KeySize} bytes.");
            }
        }

        _keys = keys.ToFrozenDictionary();
        _filePath = filePath;
        CurrentVersion = keys.Keys.Max();
    }

    public int CurrentVersion { get; private set; }

    /// <summary>An in-memory ring, e.g. for tests or a key given by configuration.</summary>
    public static MasterKeyRing FromKeys(IDictionary<int, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new MasterKeyRing(keys, null);
    }

    /// <summary>
    /// The configured key when <see cref="MasterKeyOptions.Key"/> is set, else the key file,
    /// created on first start with mode 0600 (and its folder 0700 when we create it).
    /// </summary>
    public static MasterKeyRing LoadOrCreate(MasterKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Key is { Length: > 0 } configured)
        {
            return new MasterKeyRing(ParseConfigured(configured), null);
        }

        var path = Path.GetFullPath(options.ResolveKeyFile());
        if (!File.Exists(path))
        {
            TryCreateFile(path);
        }

        return new MasterKeyRing(ReadFile(path), path);
    }

    internal byte[] GetKey(int version) =>
        _keys.TryGetValue(version, out var key)
            ? key
            : throw new CryptographicException($"Master key version {version} is not in the key ring.");

    /// <summary>Adds a new version, makes it current and rewrites the key file atomically (temp file + rename).</summary>
    public int AddVersion()
    {
        lock (_lock)
        {
            if (_filePath is null)
            {
                throw new InvalidOperationException("The master key came from configuration; rotate by configuring 'version:base64' entries, or use a key file.");
            }

            var version = CurrentVersion + 1;
            var keys = new Dictionary<int, byte[]>(_keys) { [version] = RandomNumberGenerator.GetBytes(KeySize) };
            WriteFileAtomically(_filePath, keys);
            _keys = keys.ToFrozenDictionary();
            CurrentVersion = version;
            return version;
        }
    }

    private static Dictionary<int, byte[]> ParseConfigured(string configured)
    {
        var keys = new Dictionary<int, byte[]>();
        foreach (var entry in configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var version = colon < 0 ? 1 : int.Parse(entry.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
            keys[version] = DecodeKey(colon < 0 ? entry : entry[(colon + 1)..], "MasterKey:Key");
        }

        return keys;
    }

    private static byte[] DecodeKey(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length == KeySize
                ? key
                : throw new InvalidOperationException($"{source} must hold {KeySize}-byte keys encoded as base64.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} must hold {KeySize}-byte keys encoded as base64.");
        }
    }

    private static void TryCreateFile(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        var line = Serialize(1, RandomNumberGenerator.GetBytes(KeySize));
        try
        {
            // CreateNew: two nodes starting at once on a shared folder must not overwrite each other's key.
            using var stream = new FileStream(path, CreateOptions(FileMode.CreateNew));
            using var writer = new StreamWriter(stream);
            writer.Write(line);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
    }

    private static void WriteFileAtomically(string path, Dictionary<int, byte[]> keys)
    {
        var temp = $"{path}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}.tmp";
        try
        {
            using (var stream = new FileStream(temp, CreateOptions(FileMode.CreateNew)))
            using (var writer = new StreamWriter(stream))
            {
                foreach (var (version, key) in keys.OrderBy(pair => pair.Key))
                {
                    writer.Write(Serialize(version, key));
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static FileStreamOptions CreateOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    private static string Serialize(int version, byte[] key) =>
        JsonSerializer.Serialize(new KeyLine(version, Convert.ToBase64String(key))) + "\n";

    private static Dictionary<int, byte[]> ReadFile(string path)
    {
        var keys = new Dictionary<int, byte[]>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var entry = JsonSerializer.Deserialize<KeyLine>(line)
                ?? throw new InvalidOperationException($"The master key file {path} is malformed.");
            keys[entry.Version] = DecodeKey(entry.Key, path);
        }

        return keys;
    }

    private sealed record KeyLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("version")] int Version,
        [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key);
}
