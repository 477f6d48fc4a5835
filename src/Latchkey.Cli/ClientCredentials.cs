namespace Latchkey.Cli;

/// <summary>The endpoint and AccessKey (or temporary credentials with their SecurityToken) a client command signs with.</summary>
internal sealed record ClientCredentials(Uri Endpoint, string AccessKeyId, string AccessKeySecret, string? SecurityToken = null)
{
    /// <summary>Cached temporary credentials are used until this close to their Expiration (credentials-go refreshes at 180 s).</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(3);

    /// <summary>
    /// As <see cref="Resolve"/>; for a <c>RamRoleArn</c> profile, the cached temporary credentials
    /// while they have more than <see cref="RefreshBefore"/> left, else new ones from STS AssumeRole
    /// (signed with the profile's AccessKey), written back to the profile's cache.
    /// </summary>
    public static async Task<(ClientCredentials? Credentials, string Problem)> ResolveAsync(ClientSymbols.Values values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Resolve(values, out var problem) is not { } source)
        {
            return (null, problem);
        }

        var config = ProfileStore.Load(values.ConfigDir);
        var name = values.Profile ?? config.Current;
        if (!config.Profiles.TryGetValue(name, out var profile) || profile.Mode != ClientProfile.ModeRamRoleArn)
        {
            return (source, "");
        }

        if (string.IsNullOrEmpty(profile.RamRoleArn))
        {
            return (null, $"profile '{name}' is a RamRoleArn profile without a role; run 'latchkey configure --mode RamRoleArn --ram-role-arn ARN ...'");
        }

        var now = TimeProvider.System.GetUtcNow();
        if (profile.Sts is { } cached && cached.RamRoleArn == profile.RamRoleArn && cached.Expiration - now > RefreshBefore)
        {
            return (new ClientCredentials(source.Endpoint, cached.AccessKeyId, cached.AccessKeySecret, cached.SecurityToken), "");
        }

        List<KeyValuePair<string, string>> parameters =
        [
            new("RoleArn", profile.RamRoleArn),
            new("RoleSessionName", profile.RoleSessionName ?? "latchkey-cli"),
            new("DurationSeconds", (profile.DurationSeconds ?? 3600).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        var answer = await LatchkeyClient.SendAsync(source, new ApiCall("AssumeRole", "2015-04-01", parameters, "v3"), cancellationToken);
        if (!answer.IsSuccess || answer.Body?["Credentials"] is not System.Text.Json.Nodes.JsonObject credentials)
        {
            var code = answer.Body?["Code"]?.ToString() ?? $"HTTP{answer.Status}";
            return (null, $"AssumeRole for profile '{name}' failed: {code}: {ApiCommandRunner.OneLine(answer.Body?["Message"]?.ToString() ?? answer.RawBody)}");
        }

        var sts = new ClientProfile.StsCache
        {
            AccessKeyId = credentials[nameof(AccessKeyId)]!.ToString(),
            AccessKeySecret = credentials[nameof(AccessKeySecret)]!.ToString(),
            SecurityToken = credentials[nameof(SecurityToken)]!.ToString(),
            Expiration = DateTimeOffset.Parse(credentials["Expiration"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
            RamRoleArn = profile.RamRoleArn,
        };
        profile.Sts = sts;
        ProfileStore.Save(values.ConfigDir, config);
        return (new ClientCredentials(source.Endpoint, sts.AccessKeyId, sts.AccessKeySecret, sts.SecurityToken), "");
    }

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
