using System.Text.Json;

namespace Latchkey.Cli;

/// <summary>
/// Reads and writes <c>config.json</c> in the config folder (<c>--config-dir</c>, else
/// LATCHKEY_CONFIG_DIR, else <c>~/.latchkey</c>). The file holds secrets, so the folder is
/// created 0700 and the file written 0600 before any byte of it exists.
/// </summary>
internal static class ProfileStore
{
    public const string DefaultProfile = "default";
    private const string FileName = "config.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string FolderOf(string? configDir) =>
        configDir is { Length: > 0 } ? configDir
        : Environment.GetEnvironmentVariable("LATCHKEY_CONFIG_DIR") is { Length: > 0 } fromEnv ? fromEnv
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".latchkey");

    public static string PathOf(string? configDir) => Path.Combine(FolderOf(configDir), FileName);

    public static ClientConfigFile Load(string? configDir)
    {
        var path = PathOf(configDir);
        if (!File.Exists(path))
        {
            return new ClientConfigFile();
        }

        return JsonSerializer.Deserialize<ClientConfigFile>(File.ReadAllText(path), Json) ?? new ClientConfigFile();
    }

    public static void Save(string? configDir, ClientConfigFile config)
    {
        var folder = FolderOf(configDir);
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var path = Path.Combine(folder, FileName);
        var temp = path + ".tmp";
        WriteOwnerOnly(temp, JsonSerializer.Serialize(config, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Creates the file with mode 0600 from the start (no window in which others could read it).</summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an existing one is tightened here.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
