using System.CommandLine;
using System.Text.Json;
using Latchkey.Core.KeyGuard;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey leak report [TOKEN | --token-stdin] --source NAME [--url URL] [--action disable|restrict] [--data DIR]</c>:
/// a leak found anywhere else than GitHub's secret scanning (a paste site, a log, a chat), acted on
/// at once, as the intake does: the key named by its AccessKeyId or its secret is disabled (or
/// restricted), the report is audited and shown in the console. A running server picks the change
/// up from the change log within a second.
/// </summary>
internal static class LeakCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var token = new Argument<string?>("TOKEN") { Description = "The leaked AccessKeyId or AccessKeySecret (prefer --token-stdin for a secret: it stays out of shell history).", Arity = ArgumentArity.ZeroOrOne };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the leaked token from standard input." };
        var source = new Option<string>("--source") { Description = "Where the report comes from, e.g. pastebin, support-ticket.", Required = true };
        var url = new Option<string?>("--url") { Description = "Where the token was found." };
        var action = new Option<string>("--action") { Description = "disable (default: the key becomes Inactive) or restrict (RAM and IMS calls refused with Forbidden).", DefaultValueFactory = _ => "disable" };
        action.AcceptOnlyFromAmong("disable", "restrict");
        var report = new Command("report", "Act on a leaked AccessKey at once: disable or restrict it, audit it, show it in the console.") { token, tokenStdin, source, url, action, data };
        report.SetAction(async (parseResult, cancellationToken) =>
        {
            var leaked = parseResult.GetValue(tokenStdin) ? (await Console.In.ReadToEndAsync(cancellationToken)).Trim() : parseResult.GetValue(token);
            if (string.IsNullOrEmpty(leaked) || (parseResult.GetValue(tokenStdin) && parseResult.GetValue(token) is not null))
            {
                await Console.Error.WriteLineAsync("latchkey leak report: give the token either as TOKEN or on standard input with --token-stdin.");
                return ExitCodes.Usage;
            }

            var leakAction = parseResult.GetValue(action) == "restrict" ? LeakAction.Restrict : LeakAction.Disable;
            return await LocalData.RunAsync(parseResult, data, configuration, async services =>
            {
                var guards = services.GetRequiredService<AccessKeyGuardService>();
                var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
                var result = await guards.ReportLeakAsync(leaked, parseResult.GetValue(source)!, parseResult.GetValue(url) ?? "", leakAction, "cli", requestId, cancellationToken);
                if (!result.IsSuccess)
                {
                    await Console.Error.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["Code"] = result.Error.Code, ["Message"] = result.Error.Message }));
                    return ExitCodes.ApiError;
                }

                if (result.Value is not { } recorded)
                {
                    await Console.Error.WriteLineAsync("latchkey leak report: the token names no AccessKey of this service; nothing changed.");
                    return ExitCodes.ApiError;
                }

                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["ReportId"] = recorded.ReportId,
                    ["AccessKeyId"] = recorded.AccessKeyId,
                    ["AccountId"] = recorded.AccountId,
                    ["Action"] = recorded.Action.ToString(),
                }));
                return ExitCodes.Success;
            }, cancellationToken);
        });
        var command = new Command("leak", "Leak response: act on an AccessKey found in public.");
        command.Subcommands.Add(report);
        return command;
    }
}
