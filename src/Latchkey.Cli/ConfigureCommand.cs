using System.CommandLine;
using System.Text;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey configure [--profile NAME] --endpoint URL --access-key-id ID [--access-key-secret-stdin]
/// [--mode RamRoleArn --ram-role-arn ARN [--role-session-name NAME] [--duration-seconds N]]</c>:
/// stores a profile in config.json (0600 in a 0700 folder) and makes it the current one. The
/// secret never comes from the command line: from standard input, or typed at a hidden prompt. A
/// RamRoleArn profile signs with temporary credentials of the role (STS AssumeRole), cached
/// until shortly before they expire.
/// </summary>
internal static class ConfigureCommand
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile") { Description = "Profile name (default: default)." };
        var configDir = new Option<string?>("--config-dir") { Description = "Config folder; default $LATCHKEY_CONFIG_DIR or ~/.latchkey." };
        var endpoint = new Option<string>("--endpoint") { Description = "The service URL, e.g. http://127.0.0.1:8080.", Required = true };
        var accessKeyId = new Option<string>("--access-key-id") { Description = "The AccessKey ID.", Required = true };
        var secretStdin = new Option<bool>("--access-key-secret-stdin") { Description = "Read the AccessKey secret from standard input (else prompt)." };
        var mode = new Option<string?>("--mode") { Description = "AK (default: sign with the AccessKey) or RamRoleArn (assume --ram-role-arn with it and sign with temporary credentials)." };
        var roleArn = new Option<string?>("--ram-role-arn") { Description = "RamRoleArn mode: the role to assume, acs:ram::<AccountId>:role/<name>." };
        var sessionName = new Option<string?>("--role-session-name") { Description = "RamRoleArn mode: the RoleSessionName (default latchkey-cli)." };
        var duration = new Option<int?>("--duration-seconds") { Description = "RamRoleArn mode: DurationSeconds of each session (900 up to the role's maximum; default 3600)." };
        var command = new Command("configure", "Store an endpoint and AccessKey pair as a named profile.")
        {
            profile, configDir, endpoint, accessKeyId, secretStdin, mode, roleArn, sessionName, duration,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var url = parseResult.GetValue(endpoint)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                await Console.Error.WriteLineAsync("latchkey configure: --endpoint must be an http or https URL.");
                return ExitCodes.Usage;
            }

            var profileMode = parseResult.GetValue(mode) ?? ClientProfile.ModeAccessKey;
            if (profileMode is not (ClientProfile.ModeAccessKey or ClientProfile.ModeRamRoleArn))
            {
                await Console.Error.WriteLineAsync("latchkey configure: --mode must be AK or RamRoleArn.");
                return ExitCodes.Usage;
            }

            if (profileMode == ClientProfile.ModeRamRoleArn && string.IsNullOrEmpty(parseResult.GetValue(roleArn)))
            {
                await Console.Error.WriteLineAsync("latchkey configure: --mode RamRoleArn needs --ram-role-arn.");
                return ExitCodes.Usage;
            }

            var secret = parseResult.GetValue(secretStdin) || Console.IsInputRedirected
                ? (await Console.In.ReadToEndAsync(cancellationToken)).Trim()
                : Prompt("AccessKey Secret: ");
            if (secret.Length == 0)
            {
                await Console.Error.WriteLineAsync("latchkey configure: the AccessKey secret is empty.");
                return ExitCodes.Usage;
            }

            var dir = parseResult.GetValue(configDir);
            var name = parseResult.GetValue(profile) ?? ProfileStore.DefaultProfile;
            try
            {
                var config = ProfileStore.Load(dir);
                config.Profiles[name] = new ClientProfile
                {
                    Endpoint = url,
                    AccessKeyId = parseResult.GetValue(accessKeyId),
                    AccessKeySecret = secret,
                    Mode = profileMode == ClientProfile.ModeAccessKey ? null : profileMode,
                    RamRoleArn = parseResult.GetValue(roleArn),
                    RoleSessionName = parseResult.GetValue(sessionName),
                    DurationSeconds = parseResult.GetValue(duration),
                };
                config.Current = name;
                ProfileStore.Save(dir, config);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync($"latchkey configure: cannot write {ProfileStore.PathOf(dir)}: {exception.Message}");
                return ExitCodes.Configuration;
            }

            await Console.Error.WriteLineAsync($"Profile '{name}' saved to {ProfileStore.PathOf(dir)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString().Trim();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }

                continue;
            }

            text.Append(key.KeyChar);
        }
    }
}
