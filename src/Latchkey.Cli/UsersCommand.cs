using System.CommandLine;

namespace Latchkey.Cli;

/// <summary><c>latchkey users list|create|delete</c>: RAM ListUsers, CreateUser, DeleteUser.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage RAM users.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateUser());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command List()
    {
        var symbols = new ClientSymbols();
        var maxItems = new Option<int?>("--max-items") { Description = "At most this many users (1-1000)." };
        var command = new Command("list", "List the RAM users of the account.") { maxItems };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var parameters = new List<KeyValuePair<string, string>>();
            if (parseResult.GetValue(maxItems) is { } max)
            {
                parameters.Add(new("MaxItems", max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("ListUsers", ApiProducts.Ram, parameters), null, cancellationToken);
        });
        return command;
    }

    private static Command CreateUser()
    {
        var symbols = new ClientSymbols();
        var userName = new Argument<string>("UserName") { Description = "The logon name of the new user." };
        var displayName = new Option<string?>("--display-name") { Description = "Display name (default: the UserName)." };
        var comments = new Option<string?>("--comments") { Description = "A note about the user." };
        var command = new Command("create", "Create a RAM user.") { userName, displayName, comments };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var parameters = new List<KeyValuePair<string, string>> { new("UserName", parseResult.GetValue(userName)!) };
            if (parseResult.GetValue(displayName) is { } display)
            {
                parameters.Add(new("DisplayName", display));
            }

            if (parseResult.GetValue(comments) is { } note)
            {
                parameters.Add(new("Comments", note));
            }

            return ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("CreateUser", ApiProducts.Ram, parameters), null, cancellationToken);
        });
        return command;
    }

    private static Command Delete()
    {
        var symbols = new ClientSymbols();
        var userName = new Argument<string>("UserName") { Description = "The user to delete (it must hold no AccessKey, login profile or policy)." };
        var command = new Command("delete", "Delete a RAM user.") { userName };
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
            ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("DeleteUser", ApiProducts.Ram, [new("UserName", parseResult.GetValue(userName)!)]), null, cancellationToken));
        return command;
    }
}
