namespace Latchkey.Cli;

/// <summary>The content of <c>config.json</c>: the current profile and every profile by name.</summary>
internal sealed class ClientConfigFile
{
    public string Current { get; set; } = ProfileStore.DefaultProfile;

    public Dictionary<string, ClientProfile> Profiles { get; set; } = new(StringComparer.Ordinal);
}
