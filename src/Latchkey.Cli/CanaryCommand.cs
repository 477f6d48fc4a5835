using System.CommandLine;
using System.Text.Json;
using Latchkey.Core.Audit;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey canary create --account ID [--user-name NAME] [--data DIR]</c>: a canary AccessKey,
/// shaped like any other and printed once, that can do nothing; the first request anyone signs
/// with it raises an alert (audit event CanaryAccessKeyUsed, metric latchkey.canary.tripped, a
/// Warning log line). Plant it where a thief would look.
/// </summary>
internal static class CanaryCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var account = new Option<string>("--account") { Description = "The AccountId the canary belongs to.", Required = true };
        var user = new Option<string?>("--user-name") { Description = "A RAM user to own it (it takes one of the user's two key slots); default the account." };
        var create = new Command("create", "Create a canary AccessKey; its secret is shown once.") { account, user, data };
        create.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data, configuration, async services =>
        {
            var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
            var actor = new AuditContext(new Principal(parseResult.GetValue(account)!, null, null, null), "cli", requestId);
            var created = await services.GetRequiredService<AccessKeyGuardService>().CreateCanaryAsync(actor, parseResult.GetValue(user), cancellationToken);
            if (!created.IsSuccess)
            {
                await Console.Error.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["Code"] = created.Error.Code, ["Message"] = created.Error.Message }));
                return ExitCodes.ApiError;
            }

            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["AccessKeyId"] = created.Value.Key.AccessKeyId,
                ["AccessKeySecret"] = created.Value.Secret.Reveal(),
                ["Canary"] = true,
            }));
            await Console.Error.WriteLineAsync("The canary's secret is shown only now. Every request signed with it is refused, and the first one raises an alert.");
            return ExitCodes.Success;
        }, cancellationToken));
        var command = new Command("canary", "Canary AccessKeys: keys that can do nothing and raise an alert when used.");
        command.Subcommands.Add(create);
        return command;
    }
}
