using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;

namespace Latchkey.Core.Secrets;

/// <summary>
/// The master keys by version. New secrets are encrypted under <see cref="CurrentVersion"/>;
/// older versions stay so that rows not yet re-encrypted still decrypt, until retired. File format
/// (<c>master.key</c>): one JSON object per line, <c>{"version":1,"key":"&lt;base64 32 bytes&gt;"}</c>.
/// A ring read from a file follows the file while the server runs: a version it does not hold
/// makes it read the file again, and so does a changed file before encrypting, so a rotation by
/// <c>latchkey master-key rotate</c> reaches running servers without a restart.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeySize = 32;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lock _lock = new();
    private readonly string? _filePath;
    private volatile FrozenDictionary<int, byte[]> _keys;
    private (DateTime WrittenAt, long Length) _fileStamp;

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
        if (filePath is not null)
        {
            _fileStamp = StampOf(filePath);
        }
    }

    public int CurrentVersion { get; private set; }

    /// <summary>True when the keys came from configuration (<see cref="MasterKeyOptions.Key"/>), not from a key file.</summary>
    public bool IsConfigured => _filePath is null;

    /// <summary>The versions this ring holds, oldest first.</summary>
    public IReadOnlyList<int> Versions => _keys.Keys.Order().ToList();

    public bool HasVersion(int version) => _keys.ContainsKey(version) || (Reload() && _keys.ContainsKey(version));

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

    internal byte[] GetKey(int version)
    {
        if (_keys.TryGetValue(version, out var key) || (Reload() && _keys.TryGetValue(version, out key)))
        {
            return key;
        }

        throw new CryptographicException($"Master key version {version} is not in the key ring.");
    }

    /// <summary>Reads the key file again when it changed since it was last read (a stat, no read, when it did not).</summary>
    public void RefreshIfChanged()
    {
        if (_filePath is not null && StampOf(_filePath) != _fileStamp)
        {
            Reload();
        }
    }

    /// <summary>
    /// Removes <paramref name="version"/> from the ring and rewrites the key file. The caller
    /// (<see cref="MasterKeyRotation.RetireAsync"/>) first makes sure no stored secret uses it.
    /// </summary>
    public void RetireVersion(int version)
    {
        lock (_lock)
        {
            if (_filePath is null)
            {
                throw new InvalidOperationException("The master key came from configuration; retire a version by removing its 'version:base64' entry from MasterKey:Key.");
            }

            if (version == CurrentVersion)
            {
                throw new InvalidOperationException($"Master key version {version} is the current one; rotate to a new version before retiring it.");
            }

            if (!_keys.ContainsKey(version))
            {
                throw new InvalidOperationException($"Master key version {version} is not in the key ring.");
            }

            var keys = _keys.Where(pair => pair.Key != version).ToDictionary(pair => pair.Key, pair => pair.Value);
            WriteFileAtomically(_filePath, keys);
            _keys = keys.ToFrozenDictionary();
            _fileStamp = StampOf(_filePath);
        }
    }

    /// <summary>Reads the key file again; false when there is no file or it cannot be read (the ring keeps what it has).</summary>
    private bool Reload()
    {
        if (_filePath is null)
        {
            return false;
        }

        lock (_lock)
        {
            try
            {
                var stamp = StampOf(_filePath);
                var keys = ReadFile(_filePath);
                if (keys.Count == 0)
                {
                    return false;
                }

                _keys = keys.ToFrozenDictionary();
                CurrentVersion = keys.Keys.Max();
                _fileStamp = stamp;
                return true;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or JsonException)
            {
                return false;
            }
        }
    }

    private static (DateTime WrittenAt, long Length) StampOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    /// <summary>Adds a new version, makes it current and rewrites the key file atomically (temp file + rename).</summary>
    public int AddVersion()
    {
        // Build on what the file holds now: another process may have added a version.
        Reload();
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
            _fileStamp = StampOf(_filePath);
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
