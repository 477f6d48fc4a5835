using System.CommandLine;
using System.Text.Json.Nodes;
using Latchkey.Core.AccessKeys;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey idle-keys [--data DIR] [--account ID] [--output json|table]</c>: the dry run of
/// MaxIdleDaysForAccessKeys: every Active RAM-user key, what the next daily run does to it
/// (None, Warn, Warned, Disable), when it will be disabled and why. Changes nothing.
/// </summary>
internal static class IdleKeysCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var account = new Option<string?>("--account") { Description = "Only this AccountId's keys (default: every account)." };
        var all = new Option<bool>("--all") { Description = "Also list keys the next run leaves alone (Action None)." };
        var output = new Option<string>("--output") { Description = "json (default) or table.", DefaultValueFactory = _ => "json" };
        output.AcceptOnlyFromAmong("json", "table");
        var command = new Command("idle-keys", "Dry run of idle-key disabling (MaxIdleDaysForAccessKeys): what would be warned or disabled, and why.") { data, account, all, output };
        command.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data, configuration, async services =>
        {
            var idle = services.GetRequiredService<IdleAccessKeys>();
            var report = parseResult.GetValue(account) is { Length: > 0 } accountId
                ? await idle.ReportAsync(accountId, cancellationToken)
                : await idle.ReportAllAsync(cancellationToken);
            var rows = new JsonArray();
            foreach (var entry in report.Where(e => parseResult.GetValue(all) || e.Action != IdleAccessKeyAction.None))
            {
                rows.Add(new JsonObject
                {
                    ["AccessKeyId"] = entry.AccessKeyId,
                    ["AccountId"] = entry.AccountId,
                    ["UserName"] = entry.UserName,
                    ["Action"] = entry.Action.ToString(),
                    ["IdleDays"] = entry.IdleDays,
                    ["MaxIdleDays"] = entry.MaxIdleDays,
                    ["LastUsedDate"] = entry.LastUsedDate is { } used ? Format(used) : null,
                    ["WarnedAt"] = entry.WarnedAt is { } warned ? Format(warned) : null,
                    ["DisableOn"] = Format(entry.DisableOn),
                    ["Reason"] = entry.Reason,
                });
            }

            OutputWriter.Write(new JsonObject { ["IdleAccessKeys"] = rows }, parseResult.GetValue(output)!, Console.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
