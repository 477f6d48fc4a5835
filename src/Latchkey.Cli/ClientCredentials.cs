namespace Latchkey.Cli;

/// <summary>The endpoint and AccessKey a client command signs with.</summary>
internal sealed record ClientCredentials(Uri Endpoint, string AccessKeyId, string AccessKeySecret)
{
    /// <summary>
    /// Environment (LATCHKEY_ACCESS_KEY_ID, LATCHKEY_ACCESS_KEY_SECRET, LATCHKEY_ENDPOINT) wins over
    /// the profile (<c>--profile</c>, else the current one); <c>--endpoint</c> wins over both.
    /// Null with a reason when something is missing.
    /// </summary>
    public static ClientCredentials? Resolve(ClientSymbols.Values values, out string problem)
    {
        problem = string.Empty;
        ClientConfigFile config;
        try
        {
            config = ProfileStore.Load(values.ConfigDir);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            problem = $"cannot read {ProfileStore.PathOf(values.ConfigDir)}: {exception.Message}";
            return null;
        }

        var name = values.Profile ?? config.Current;
        config.Profiles.TryGetValue(name, out var profile);
        if (values.Profile is not null && profile is null)
        {
            problem = $"profile '{values.Profile}' is not configured; run 'latchkey configure --profile {values.Profile} ...'";
            return null;
        }

        var endpoint = values.Endpoint ?? Env("LATCHKEY_ENDPOINT") ?? profile?.Endpoint;
        var id = Env("LATCHKEY_ACCESS_KEY_ID") ?? profile?.AccessKeyId;
        var secret = Env("LATCHKEY_ACCESS_KEY_SECRET") ?? profile?.AccessKeySecret;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            problem = "no AccessKey configured; run 'latchkey configure' or set LATCHKEY_ACCESS_KEY_ID and LATCHKEY_ACCESS_KEY_SECRET";
            return null;
        }

        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            problem = "no valid endpoint configured; pass --endpoint URL, run 'latchkey configure' or set LATCHKEY_ENDPOINT";
            return null;
        }

        return new ClientCredentials(uri, id, secret);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
