using System.CommandLine;
using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey keys list|create|disable|enable|delete|rotate [--user NAME]</c>: the RAM AccessKey actions.
/// Without <c>--user</c> they act on the caller's own keys. <c>create</c> shows the secret once.
/// </summary>
internal static class KeysCommand
{
    public const string CsvHeader = "AccessKey ID,AccessKey Secret";

    public static Command Create()
    {
        var command = new Command("keys", "Manage AccessKeys.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(SetStatus("disable", "Inactive", "Disable an AccessKey (it stops verifying at once)."));
        command.Subcommands.Add(SetStatus("enable", "Active", "Enable a disabled AccessKey."));
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(Rotate());
        return command;
    }

    private static Option<string?> UserOption() => new("--user") { Description = "The RAM user that owns the keys (default: the caller itself)." };

    private static List<KeyValuePair<string, string>> WithUser(string? user) =>
        user is { Length: > 0 } ? [new("UserName", user)] : [];

    private static Command List()
    {
        var symbols = new ClientSymbols();
        var user = UserOption();
        var command = new Command("list", "List AccessKeys (never their secrets).") { user };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
            ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("ListAccessKeys", ApiProducts.Ram, WithUser(parseResult.GetValue(user))), null, cancellationToken));
        return command;
    }

    private static Command CreateKey()
    {
        var symbols = new ClientSymbols();
        var user = UserOption();
        var csv = new Option<string?>("--csv") { Description = "Also write the pair to this CSV file (mode 0600), as the console's download." };
        var command = new Command("create", "Create an AccessKey; its secret is shown once.") { user, csv };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var values = symbols.Read(parseResult);
            return ApiCommandRunner.RunAsync(values, new ApiCall("CreateAccessKey", ApiProducts.Ram, WithUser(parseResult.GetValue(user))), body =>
                ShowCreatedAsync(body, values.Output, parseResult.GetValue(csv)), cancellationToken);
        });
        return command;
    }

    private static Command SetStatus(string name, string status, string description)
    {
        var symbols = new ClientSymbols();
        var user = UserOption();
        var id = new Argument<string>("AccessKeyId") { Description = "The AccessKey ID." };
        var command = new Command(name, description) { id, user };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var parameters = WithUser(parseResult.GetValue(user));
            parameters.Add(new("UserAccessKeyId", parseResult.GetValue(id)!));
            parameters.Add(new("Status", status));
            return ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("UpdateAccessKey", ApiProducts.Ram, parameters), null, cancellationToken);
        });
        return command;
    }

    private static Command Delete()
    {
        var symbols = new ClientSymbols();
        var user = UserOption();
        var id = new Argument<string>("AccessKeyId") { Description = "The AccessKey ID." };
        var command = new Command("delete", "Delete an AccessKey: it stops verifying at once and stays in the recycle bin, restorable, for AccessKeyLifecycle:RecycleBinDays.") { id, user };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var parameters = WithUser(parseResult.GetValue(user));
            parameters.Add(new("UserAccessKeyId", parseResult.GetValue(id)!));
            return ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("DeleteAccessKey", ApiProducts.Ram, parameters), null, cancellationToken);
        });
        return command;
    }

    /// <summary>Prints a new pair once (and writes the console's CSV of that moment when asked).</summary>
    private static async Task<int> ShowCreatedAsync(JsonObject body, string output, string? csvFile)
    {
        OutputWriter.Write(body, output, Console.Out);
        await Console.Error.WriteLineAsync("The AccessKey secret is shown only now; it cannot be shown again. Store it safely.");
        if (csvFile is { Length: > 0 } file)
        {
            var key = body["AccessKey"] as JsonObject;
            var content = $"{CsvHeader}\n{key?["AccessKeyId"]},{key?["AccessKeySecret"]}\n";
            try
            {
                ProfileStore.WriteOwnerOnly(file, content);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"latchkey: the key was created but {file} could not be written: {exception.Message}");
                return ExitCodes.LocalData;
            }
        }

        return ExitCodes.Success;
    }

    private static Command Rotate()
    {
        var symbols = new ClientSymbols();
        var user = UserOption();
        var id = new Argument<string>("AccessKeyId") { Description = "The AccessKey ID to rotate away from." };
        var grace = new Option<TimeSpan>("--grace") { Description = "How long the old key must go unused before it is disabled (default 00:15:00).", DefaultValueFactory = _ => TimeSpan.FromMinutes(15) };
        var poll = new Option<TimeSpan>("--poll") { Description = "How often to look at the old key's last use (default 00:00:30).", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up (both keys stay Active) when the old key is still used after this long (default 1.00:00:00).", DefaultValueFactory = _ => TimeSpan.FromDays(1) };
        var csv = new Option<string?>("--csv") { Description = "Also write the new pair to this CSV file (mode 0600), as the console's download." };
        var serverSide = new Option<bool>("--server-side") { Description = "Hand the watching to the server (Latchkey only): the server's rotation job disables and recycles the old key, as the console's Rotate does; the command returns once the new pair is shown." };
        var wait = new Option<bool>("--wait") { Description = "With --server-side: follow the server's rotation until it ends (every --poll, at most --timeout)." };
        var cancel = new Option<bool>("--cancel") { Description = "Cancel the server-side rotation of the key; both keys keep their status." };
        var command = new Command("rotate", "Rotate an AccessKey: create the new pair (shown once), wait until the old key is unused for the grace period, disable it, move it to the recycle bin.")
        {
            id, user, grace, poll, timeout, csv, serverSide, wait, cancel,
        };
        symbols.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var values = symbols.Read(parseResult);
            if (ClientCredentials.Resolve(values, out var problem) is not { } credentials)
            {
                await Console.Error.WriteLineAsync($"latchkey: {problem}");
                return ExitCodes.Configuration;
            }

            if (parseResult.GetValue(grace) < TimeSpan.Zero || parseResult.GetValue(poll) <= TimeSpan.Zero || parseResult.GetValue(timeout) <= TimeSpan.Zero)
            {
                await Console.Error.WriteLineAsync("latchkey keys rotate: --grace must not be negative; --poll and --timeout must be positive.");
                return ExitCodes.Usage;
            }

            var rotation = new KeyRotation(credentials, parseResult.GetValue(user), parseResult.GetValue(id)!, parseResult.GetValue(grace), parseResult.GetValue(poll), parseResult.GetValue(timeout), TimeProvider.System);
            if (parseResult.GetValue(cancel))
            {
                return await rotation.CancelAsync(values.Output, cancellationToken);
            }

            if (parseResult.GetValue(serverSide))
            {
                if (parseResult.GetValue(grace) < TimeSpan.FromSeconds(1))
                {
                    await Console.Error.WriteLineAsync("latchkey keys rotate: with --server-side, --grace must be at least 00:00:01.");
                    return ExitCodes.Usage;
                }

                return await rotation.RunServerSideAsync(body => ShowCreatedAsync(body, values.Output, parseResult.GetValue(csv)), values.Output, parseResult.GetValue(wait), cancellationToken);
            }

            if (parseResult.GetValue(wait))
            {
                await Console.Error.WriteLineAsync("latchkey keys rotate: --wait goes with --server-side (without it, the command always waits).");
                return ExitCodes.Usage;
            }

            return await rotation.RunAsync(body => ShowCreatedAsync(body, values.Output, parseResult.GetValue(csv)), values.Output, cancellationToken);
        });
        return command;
    }
}
