using System.CommandLine;
using System.Text.Json;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey bootstrap [--data DIR] --account-name NAME --password-stdin [--create-access-key]</c>:
/// creates the account when it does not exist and optionally a new account AccessKey; prints one
/// JSON object. Works beside a running server on the same data folder (SQLite WAL); the server
/// loads the new key from the store on its next request.
/// </summary>
internal static class BootstrapCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var accountName = new Option<string>("--account-name") { Description = "Console logon name of the account.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the account's console password from standard input." };
        var createKey = new Option<bool>("--create-access-key") { Description = "Also create an AccessKey of the account and print its secret (once)." };
        var command = new Command("bootstrap", "Create an account (and optionally an account AccessKey) in a data folder.")
        {
            data, accountName, passwordStdin, createKey,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(passwordStdin))
            {
                await Console.Error.WriteLineAsync("latchkey bootstrap: --password-stdin is required (the password is never taken from the command line).");
                return ExitCodes.Usage;
            }

            var password = ReadPassword(Console.In);
            var name = parseResult.GetValue(accountName)!;
            var withKey = parseResult.GetValue(createKey);
            return await LocalData.RunAsync(LocalData.HostArgs(parseResult, data, configuration), mayCreate: true, services => RunAsync(services, name, password, withKey, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static string ReadPassword(TextReader input) => input.ReadToEnd().TrimEnd('\r', '\n');

    // Standard output carries exactly one JSON object; LocalData clears the loggers.
    private static async Task<int> RunAsync(IServiceProvider services, string accountName, string password, bool createKey, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var accounts = services.GetRequiredService<AccountService>();
        var created = false;
        Account account;
        if (await accounts.FindByNameAsync(accountName, cancellationToken) is not null)
        {
            var verified = await accounts.VerifyPasswordAsync(accountName, password, cancellationToken);
            if (!verified.IsSuccess)
            {
                return await FailAsync(verified.Error.Code, verified.Error.Message, ExitCodes.Refused);
            }

            account = verified.Value;
        }
        else
        {
            var added = await accounts.CreateAsync(accountName, password, "cli", requestId, cancellationToken);
            if (!added.IsSuccess)
            {
                return await FailAsync(added.Error.Code, added.Error.Message, ExitCodes.Refused);
            }

            account = added.Value;
            created = true;
        }

        var output = new Dictionary<string, object>
        {
            ["AccountId"] = account.AccountId,
            ["AccountName"] = account.AccountName,
            ["AccountCreated"] = created,
        };
        if (createKey)
        {
            var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "cli", requestId);
            var key = await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, cancellationToken);
            if (!key.IsSuccess)
            {
                return await FailAsync(key.Error.Code, key.Error.Message, ExitCodes.Refused);
            }

            output["AccessKeyId"] = key.Value.Key.AccessKeyId;
            output["AccessKeySecret"] = key.Value.Secret.Reveal();
        }

        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(output));
        return ExitCodes.Success;
    }

    private static async Task<int> FailAsync(string code, string message, int exitCode)
    {
        await Console.Error.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["Code"] = code, ["Message"] = message }));
        return exitCode;
    }
}
