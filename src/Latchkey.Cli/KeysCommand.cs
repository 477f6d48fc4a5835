using System.CommandLine;
using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey keys list|create|disable|enable|delete [--user NAME]</c>: the RAM AccessKey actions.
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
            return ApiCommandRunner.RunAsync(values, new ApiCall("CreateAccessKey", ApiProducts.Ram, WithUser(parseResult.GetValue(user))), async body =>
            {
                OutputWriter.Write(body, values.Output, Console.Out);
                await Console.Error.WriteLineAsync("The AccessKey secret is shown only now; it cannot be shown again. Store it safely.");
                if (parseResult.GetValue(csv) is { Length: > 0 } file)
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
            }, cancellationToken);
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
}
